package dev.switchboard.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's real authorization server for tests: {@code auth/src/test/as/as.mjs}
 * ({@code oidc-provider}, pinned in its {@code package.json}) under the {@code node} that
 * {@code conformance/node_modules} holds, on a free 127.0.0.1 port. Installs either with
 * {@code npm ci} on first use. What the server offers (clients, users, grants) is written at the
 * top of {@code as.mjs}.
 *
 * <pre>{@code
 * try (OidcProvider as = OidcProvider.start("http://127.0.0.1:8080/mcp")) {
 *     String issuer = as.issuer();
 * }
 * }</pre>
 */
public final class OidcProvider implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final String VERSION = "\"version\": \"9.13.3\"";

    private final Process process;
    private final String issuer;

    private OidcProvider(Process process, String issuer) {
        this.process = process;
        this.issuer = issuer;
    }

    /**
     * Starts the server issuing access tokens for {@code resource} and {@code upstreams}; returns
     * once it says it is ready.
     *
     * @throws IOException when it exits or is not ready within 30 s (the message holds its output)
     */
    public static OidcProvider start(String resource, String... upstreams) throws IOException, InterruptedException {
        return start(RedisServer.freePort(), resource, upstreams);
    }

    /**
     * The same on {@code port}, for a test that must name the issuer before the server runs (its
     * resource's configuration trusts the issuer, and the server is told the resource).
     */
    public static OidcProvider start(int port, String resource, String... upstreams) throws IOException, InterruptedException {
        Path dir = directory();
        Path node = dir.resolve("../../../../conformance/node_modules/.bin/node").normalize();
        if (!Files.isExecutable(node)) {
            npmCi(node.getParent().getParent().getParent());
        }
        Path pkg = dir.resolve("node_modules/oidc-provider/package.json");
        if (!Files.isRegularFile(pkg) || !Files.readString(pkg).contains(VERSION)) {
            npmCi(dir);
        }
        List<String> command = new ArrayList<>(List.of(node.toString(), "as.mjs", String.valueOf(port), resource));
        command.addAll(List.of(upstreams));
        Path log = Files.createTempFile("oidc-provider", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!Files.readString(log).contains("\"ready\"")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("oidc-provider did not start within " + STARTUP + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return new OidcProvider(p, "http://127.0.0.1:" + port);
    }

    /** Its issuer identifier, {@code http://127.0.0.1:PORT}. */
    public String issuer() {
        return issuer;
    }

    /** Stops it (this process only). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code auth/src/test/as}, found from the working directory up (a module's or the repository's). */
    static Path directory() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("auth/src/test/as");
            if (Files.isRegularFile(candidate.resolve("as.mjs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find auth/src/test/as from " + Path.of("").toAbsolutePath());
    }

    private static void npmCi(Path dir) throws IOException, InterruptedException {
        Path log = Files.createTempFile("npm-ci", ".log");
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("'npm ci' in " + dir + " did not finish within 10 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IOException("'npm ci' in " + dir + " failed:\n" + Files.readString(log));
        }
    }
}
