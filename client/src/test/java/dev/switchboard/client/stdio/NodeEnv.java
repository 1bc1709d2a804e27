package dev.switchboard.client.stdio;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Node 22 binary that {@code conformance/} pins and the packages pinned in {@code interop/}
 * (here: {@code @modelcontextprotocol/server-everything}), installed with {@code npm ci} when
 * missing or not at the pinned version. Never skips: a missing toolchain fails the test.
 */
final class NodeEnv {
    static final String EVERYTHING = "@modelcontextprotocol/server-everything";

    final Path root;
    final Path node;
    final Path interop;

    private NodeEnv(Path root) {
        this.root = root;
        this.node = root.resolve("conformance/node_modules/.bin/node");
        this.interop = root.resolve("interop");
    }

    static NodeEnv prepare() {
        NodeEnv env = new NodeEnv(repositoryRoot());
        if (!Files.isExecutable(env.node)) {
            npmCi(env.root.resolve("conformance"));
        }
        if (!Files.isExecutable(env.node)) {
            throw new IllegalStateException("npm ci in conformance/ did not install Node 22 at " + env.node);
        }
        if (!env.everythingInstalled()) {
            npmCi(env.interop);
            if (!env.everythingInstalled()) {
                throw new IllegalStateException("npm ci in interop/ did not install the pinned " + EVERYTHING);
            }
        }
        return env;
    }

    /** The server's entry point ({@code bin} of its package). */
    Path everythingMain() {
        return interop.resolve("node_modules").resolve(EVERYTHING).resolve("dist/index.js");
    }

    /** The preload that binds Node servers to 127.0.0.1 only. */
    Path localhostOnly() {
        return root.resolve("conformance/localhost-only.mjs");
    }

    private boolean everythingInstalled() {
        String pinned = read(interop.resolve("package.json")).getObject("dependencies").getString(EVERYTHING);
        Path installed = interop.resolve("node_modules").resolve(EVERYTHING).resolve("package.json");
        return pinned != null && Files.isRegularFile(installed) && pinned.equals(read(installed).getString("version"))
                && Files.isRegularFile(everythingMain());
    }

    private static void npmCi(Path dir) {
        ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile()).redirectErrorStream(true);
        try {
            Path log = Files.createTempFile("npm-ci", ".log");
            Process p = pb.redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("'npm ci' in " + dir + " did not finish within 10 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'npm ci' in " + dir + " failed with " + p.exitValue() + ":\n"
                        + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run 'npm ci' in " + dir + " (is npm on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running npm ci", e);
        }
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("interop/package.json")) && Files.isDirectory(p.resolve("conformance"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (with interop/package.json) from "
                + Path.of("").toAbsolutePath());
    }

    private static JsonObject read(Path file) {
        try {
            return (JsonObject) Wire.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
