package dev.switchboard.state.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for one test class, on a free 127.0.0.1 port with a temporary data
 * directory (append-only file on, so a restart keeps the data):
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
    private static final Duration STARTUP = Duration.ofSeconds(15);
    private static final Object INSTALL_LOCK = new Object();
    private static boolean installAttempted;
    /** Servers still running when the JVM exits (a test run killed half-way) are stopped too. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "redis-server-reaper"));
    }

    private Path dir;
    private int port;
    private Process process;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("sb-redis-test-");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort(); // another process may take it before Redis binds: then pick again
            try {
                start();
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
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
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** The server's port (kept across {@link #stop()} and {@link #start()}). */
    public int port() {
        return port;
    }

    /** Starts the server (again) on the same port and data directory; returns once it answers PING. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = List.of(binary(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--save", "", "--appendonly", "yes", "--dir", dir.toString(), "--daemonize", "no");
        Path log = dir.resolve("redis.log");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        RUNNING.add(process);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " on port " + port
                        + "; its log:\n" + Files.readString(log));
            }
            if (answersPing()) {
                return;
            }
            sleep(20);
        }
        stop();
        throw new IOException("redis-server did not answer PING on port " + port + " within " + STARTUP.toSeconds()
                + " s; its log:\n" + Files.readString(log));
    }

    /** Stops the server by its process (SIGTERM: Redis flushes the append-only file and exits). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
        process = null;
    }

    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return "+PONG".equals(reply); // "-LOADING ..." while the append-only file loads
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    /** The redis-server binary, installed with apt-get once per JVM when missing. */
    private static String binary() {
        synchronized (INSTALL_LOCK) {
            String found = find();
            if (found != null) {
                return found;
            }
            String attempt = "";
            if (!installAttempted) {
                installAttempted = true;
                attempt = aptGetInstall();
                found = find();
                if (found != null) {
                    return found;
                }
            }
            throw new IllegalStateException("""
                    redis-server is not installed, and `apt-get install -y redis-server` did not provide it%s.
                    The state-redis tests need a real Redis 7 and are never skipped (CI runs them). Install it \
                    (Debian/Ubuntu: apt-get update && apt-get install -y redis-server), put it on the PATH, or \
                    point -Dswitchboard.redis.server at the binary.""".formatted(attempt));
        }
    }

    private static String find() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("switchboard.redis.server");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    candidates.add(Path.of(d, "redis-server"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/redis-server"));
        candidates.add(Path.of("/usr/local/bin/redis-server"));
        candidates.add(Path.of("/usr/sbin/redis-server"));
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString).orElse(null);
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
