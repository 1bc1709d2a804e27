package dev.switchboard.gateway;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Node 22 binary and npm packages the repository pins (conformance/ and interop/). */
final class Node {
    private Node() {
    }

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("interop/package.json")) && Files.isDirectory(p.resolve("conformance"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (with interop/package.json) from "
                + Path.of("").toAbsolutePath());
    }

    /** The pinned node; fails (never skips) when it is missing. */
    static String node() {
        Path node = root().resolve("conformance/node_modules/.bin/node");
        if (!Files.isExecutable(node)) {
            throw new IllegalStateException("no Node at " + node + ": run 'npm ci' in conformance/");
        }
        return node.toString();
    }

    /** The entry point of @modelcontextprotocol/server-everything. */
    static String everything() {
        Path main = root().resolve("interop/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        if (!Files.isRegularFile(main)) {
            throw new IllegalStateException("no server-everything at " + main + ": run 'npm ci' in interop/");
        }
        return main.toString();
    }

    /** A test resource as a file path. */
    static String resource(String name) {
        try {
            return Path.of(Node.class.getResource("/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
