package dev.switchboard.testkit.interop;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The repository's pinned Node toolchain for tests: the Node 22 binary that {@code conformance/}
 * pins and the packages pinned in {@code interop/} (the official TypeScript clients,
 * {@code @modelcontextprotocol/server-everything}), installed with {@code npm ci} when missing or
 * not at the pinned version. Runs the scripts in {@code interop/}. Never skips: a missing
 * toolchain fails the test.
 */
public final class NodeScripts {
    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(10);

    private final Path interop;
    private final Path node;
    private final Path logs;

    private NodeScripts(Path root, Path logs) {
        this.interop = root.resolve("interop");
        this.node = root.resolve("conformance/node_modules/.bin/node");
        this.logs = logs;
    }

    /** Finds the repository, makes sure Node 22 and the pinned clients are installed. */
    public static NodeScripts prepare() {
        Path root = repositoryRoot();
        Path logs = Path.of("target", "interop-it").toAbsolutePath();
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeScripts scripts = new NodeScripts(root, logs);
        if (!Files.isExecutable(scripts.node)) {
            scripts.npmCi(root.resolve("conformance"), "npm-ci-conformance");
        }
        if (!Files.isExecutable(scripts.node)) {
            throw new IllegalStateException("npm ci in conformance/ did not install Node 22 at " + scripts.node);
        }
        if (!scripts.clientsInstalled()) {
            scripts.npmCi(scripts.interop, "npm-ci-interop");
            if (!scripts.clientsInstalled()) {
                throw new IllegalStateException("npm ci in interop/ did not install the pinned clients of " + scripts.interop.resolve("package.json"));
            }
        }
        return scripts;
    }

    /** The outcome of one script run: exit code, what it printed, and whether it had to be killed. */
    public record Run(String script, int exitCode, boolean timedOut, String stdout, String stderr) {
        /** The JSON object the script printed as its last stdout line. */
        JsonObject observed() {
            List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                throw new AssertionError("%s printed nothing on stdout%n%s".formatted(script, this));
            }
            try {
                return (JsonObject) Wire.parse(lines.getLast());
            } catch (RuntimeException e) {
                throw new AssertionError("%s's last stdout line is not a JSON object%n%s".formatted(script, this), e);
            }
        }

        @Override
        public String toString() {
            return "%s exited %s%n--- stdout ---%n%s%n--- stderr ---%n%s".formatted(script,
                    timedOut ? "only when killed after its timeout" : "with " + exitCode, stdout.strip(), stderr.strip());
        }
    }

    /** The pinned Node 22 binary. */
    public Path node() {
        return node;
    }

    /** The {@code interop/} directory (the working directory for its packages). */
    public Path interop() {
        return interop;
    }

    /** The entry point of the pinned {@code @modelcontextprotocol/server-everything}. */
    public Path serverEverything() {
        return interop.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    }

    /** The preload that binds Node servers to 127.0.0.1 only ({@code node --import <its URI>}). */
    public Path localhostOnly() {
        return interop.resolveSibling("conformance").resolve("localhost-only.mjs");
    }

    /** Runs {@code interop/<script>} with the server URL as its argument; kills it after {@code timeout}. */
    public Run run(String script, String url, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(node.toString(), interop.resolve(script).toString(), url).directory(interop.toFile());
        pb.environment().put("INTEROP_TIMEOUT_MS", "30000");
        pb.environment().remove("NODE_OPTIONS");
        return exec(pb, script, timeout);
    }

    private boolean clientsInstalled() {
        JsonObject dependencies = readJson(interop.resolve("package.json")).getObject("dependencies");
        for (Map.Entry<String, Json> pin : dependencies.members().entrySet()) {
            Path installed = interop.resolve("node_modules").resolve(pin.getKey()).resolve("package.json");
            if (!Files.isRegularFile(installed)) {
                return false;
            }
            String version = readJson(installed).getString("version");
            if (version == null || !pin.getValue().equals(Json.of(version))) {
                return false;
            }
        }
        return true;
    }

    private void npmCi(Path dir, String label) {
        ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(dir.toFile());
        Run run;
        try {
            run = exec(pb, label, NPM_CI_TIMEOUT);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("could not run 'npm ci' in " + dir + " (is npm on the PATH?)", e);
        }
        if (run.timedOut() || run.exitCode() != 0) {
            throw new IllegalStateException("'npm ci' in " + dir + " failed:\n" + run);
        }
    }

    private Run exec(ProcessBuilder pb, String label, Duration timeout) {
        Path out = logs.resolve(label + ".stdout");
        Path err = logs.resolve(label + ".stderr");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + pb.command(), e);
        }
        try {
            process.getOutputStream().close(); // the scripts read nothing from stdin
        } catch (IOException ignored) {
            // nothing to close
        }
        boolean finished = false;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!finished) {
                kill(process);
            }
        }
        return new Run(label, finished ? process.exitValue() : -1, !finished, read(out), read(err));
    }

    private static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path repositoryRoot() {
        String specDir = System.getProperty("switchboard.spec.dir");
        if (specDir != null && isRoot(Path.of(specDir).toAbsolutePath().getParent())) {
            return Path.of(specDir).toAbsolutePath().getParent();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (isRoot(p)) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a directory with interop/package.json) from "
                + Path.of("").toAbsolutePath() + " or switchboard.spec.dir=" + specDir);
    }

    private static boolean isRoot(Path p) {
        return p != null && Files.isRegularFile(p.resolve("interop/package.json")) && Files.isDirectory(p.resolve("conformance"));
    }

    private static JsonObject readJson(Path file) {
        return (JsonObject) Wire.parse(read(file));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
