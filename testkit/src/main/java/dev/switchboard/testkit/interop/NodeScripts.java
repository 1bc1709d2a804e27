package dev.switchboard.testkit.interop;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The repository's pinned Node toolchain for tests: the Node 22 binary that {@code conformance/}
 * pins and the packages pinned in {@code interop/} (the official TypeScript clients and server
 * SDK, the MCP Inspector, {@code @modelcontextprotocol/server-everything}), installed with
 * {@code npm ci} when missing or not at the pinned version. Runs the scripts in {@code interop/}
 * ({@link #run}), starts its servers ({@link #startServer}) and runs the Inspector's CLI
 * ({@link #inspectorCli}). Never skips: a missing toolchain fails the test.
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
        public JsonObject observed() {
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

    /**
     * Runs the pinned MCP Inspector's CLI ({@code @modelcontextprotocol/inspector}, {@code --cli}
     * mode) with {@code args}; kills it after {@code timeout}. Its home is
     * {@code target/interop-it/inspector-home}, so the catalog and client config it creates under
     * {@code ~/.mcp-inspector} stay out of the user's home. {@code label} names its output files.
     */
    public Run inspectorCli(String label, Duration timeout, String... args) {
        Path home = logs.resolve("inspector-home");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(node.toString(),
                interop.resolve("node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js").toString(), "--cli"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(interop.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("NODE_OPTIONS");
        pb.environment().remove("MCP_CATALOG_PATH");
        pb.environment().remove("MCP_CLIENT_CONFIG_PATH");
        return exec(pb, label, timeout);
    }

    /**
     * A long-running script of {@code interop/} (a server) started by {@link #startServer}: its URL,
     * what it logged so far, and {@link #close()}, which ends it and its children.
     */
    public static final class Server implements AutoCloseable {
        private final String script;
        private final Process process;
        private final URI url;
        private final Path stderr;

        private Server(String script, Process process, URI url, Path stderr) {
            this.script = script;
            this.process = process;
            this.url = url;
            this.stderr = stderr;
        }

        /** The URL the script printed when it started listening. */
        public URI url() {
            return url;
        }

        /** The process (to check it is a child of this JVM, or alive). */
        public ProcessHandle process() {
            return process.toHandle();
        }

        /** Everything the script wrote to stderr so far (its log), one entry per line. */
        public List<String> log() {
            return read(stderr).lines().toList();
        }

        /** Closes its stdin (the scripts exit on that), then kills it if it is still there after 5 s. */
        @Override
        public void close() {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already gone
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    kill(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(process);
            }
        }

        @Override
        public String toString() {
            return "%s at %s (%s)%n--- stderr ---%n%s".formatted(script, url,
                    process.isAlive() ? "running" : "exited with " + process.exitValue(), read(stderr).strip());
        }
    }

    /**
     * Starts the server {@code interop/<script>} on the pinned Node with the 127.0.0.1-only preload
     * and waits up to {@code startTimeout} for its first stdout line, {@code listening <url>}. The
     * script's stdin stays open until {@link Server#close()}: the interop servers exit when it closes,
     * so they do not outlive this JVM. Its stderr is kept in {@code target/interop-it/<script>.stderr}.
     */
    public Server startServer(String script, Duration startTimeout, String... args) {
        List<String> command = new ArrayList<>(List.of(node.toString(), "--import", localhostOnly().toUri().toString(),
                interop.resolve(script).toString()));
        command.addAll(List.of(args));
        Path err = logs.resolve(script + ".stderr");
        ProcessBuilder pb = new ProcessBuilder(command).directory(interop.toFile()).redirectError(err.toFile());
        pb.environment().remove("NODE_OPTIONS");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                Thread.ofVirtual().start(() -> drain(out)); // later output must not fill the pipe
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().start(task));
        String line;
        try {
            line = firstLine.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            kill(process);
            throw new IllegalStateException("%s printed no 'listening <url>' line within %s%n--- stderr ---%n%s"
                    .formatted(script, startTimeout, read(err).strip()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new IllegalStateException("interrupted while starting " + script, e);
        }
        if (line == null || !line.startsWith("listening ")) {
            kill(process);
            throw new IllegalStateException("%s's first stdout line is %s, expected 'listening <url>'%n--- stderr ---%n%s"
                    .formatted(script, line == null ? "missing (it exited)" : "'" + line + "'", read(err).strip()));
        }
        return new Server(script, process, URI.create(line.substring("listening ".length()).strip()), err);
    }

    private static void drain(BufferedReader out) {
        try (out) {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // the process is gone
        }
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
