package dev.switchboard.state.redis;

import dev.switchboard.testkit.RedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} ({@link RedisServer}) for one test class, on a free 127.0.0.1 port
 * with a temporary data directory (append-only file on, so a restart keeps the data):
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension REDIS = new RedisServerExtension();
 * }</pre>
 * Started before the class (waits for {@code PING}), stopped by its process after it (SIGTERM, then
 * SIGKILL if it lingers). {@link #stop()} and {@link #start()} simulate an outage on the same port.
 *
 * <p>The binary is {@code -Dswitchboard.redis.server=…}, else {@code redis-server} on the PATH.
 * When it is missing, the extension runs {@code apt-get install -y redis-server} once per JVM; when
 * that does not provide it either, the class fails with instructions. These tests are never skipped:
 * CI relies on them.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
    private static final Object INSTALL_LOCK = new Object();
    private static boolean installAttempted;

    private Path dir;
    private RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("sb-redis-test-");
        server = RedisServer.start(binary(), dir, "--appendonly", "yes");
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** The server's URI, e.g. {@code redis://127.0.0.1:6379}. */
    public URI uri() {
        return server.uri();
    }

    /** The server's port (kept across {@link #stop()} and {@link #start()}). */
    public int port() {
        return server.port();
    }

    /** Starts the server (again) on the same port and data directory; returns once it answers PING. */
    public void start() throws IOException {
        server.start();
    }

    /** Stops the server by its process (SIGTERM: Redis flushes the append-only file and exits). */
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The redis-server binary, installed with apt-get once per JVM when missing. */
    private static Path binary() {
        synchronized (INSTALL_LOCK) {
            var found = RedisServer.findBinary();
            if (found.isPresent()) {
                return found.get();
            }
            String attempt = "";
            if (!installAttempted) {
                installAttempted = true;
                attempt = aptGetInstall();
                found = RedisServer.findBinary();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            throw new IllegalStateException("""
                    redis-server is not installed, and `apt-get install -y redis-server` did not provide it%s.
                    The state-redis tests need a real Redis 7 and are never skipped (CI runs them). Install it \
                    (Debian/Ubuntu: apt-get update && apt-get install -y redis-server), put it on the PATH, or \
                    point -Dswitchboard.redis.server at the binary.""".formatted(attempt));
        }
    }

    /** Runs apt-get once; returns a note on how it went, for the failure message. */
    private static String aptGetInstall() {
        try {
            Path log = Files.createTempFile("sb-apt-get-redis-", ".log");
            ProcessBuilder pb = new ProcessBuilder("apt-get", "install", "-y", "redis-server")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return " (apt-get timed out after 5 minutes; log: " + log + ")";
            }
            if (p.exitValue() == 0) {
                Files.deleteIfExists(log);
                return "";
            }
            return " (apt-get exited with " + p.exitValue() + "; log: " + log + ")";
        } catch (IOException e) {
            return " (could not run apt-get: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return " (interrupted)";
        }
    }
}
