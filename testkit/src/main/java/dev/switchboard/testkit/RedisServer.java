package dev.switchboard.testkit;

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
import java.util.List;
import java.util.Optional;

/**
 * A real {@code redis-server} process on a free 127.0.0.1 port, for tests and benchmarks:
 *
 * <pre>{@code
 * Path binary = RedisServer.findBinary().orElseThrow();
 * try (RedisServer redis = RedisServer.start(binary, dataDir, "--appendonly", "no")) {
 *     RedisState state = RedisState.connect(redis.uri());
 * }
 * }</pre>
 *
 * It runs in the foreground with {@code --save ''} (no RDB snapshots), in {@code dataDir}, logging
 * to {@code dataDir/redis.log}; further options (append-only file, fsync policy) are the caller's.
 * {@link #start(Path, Path, String...)} returns once it answers {@code PING}. {@link #stop()} and
 * {@link #start()} stop it and start it again on the same port and data directory (an outage);
 * {@link #close()} stops it. Servers still running when the JVM exits are killed. Thread-safe.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(15);
    private final Path binary;
    private final Path dir;
    private final int port;
    private final List<String> options;
    private Process process;

    private RedisServer(Path binary, Path dir, int port, List<String> options) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.options = options;
    }

    /**
     * Starts {@code binary} on a free port with its data in {@code dir} (which must exist) and the
     * extra {@code options}; blocks until it answers {@code PING}, for at most 15 s per attempt.
     *
     * @throws IOException when it exits, or does not answer, on three ports in a row (the message
     *                     holds its log)
     */
    public static RedisServer start(Path binary, Path dir, String... options) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            // another process may take the port before Redis binds it: then pick again
            RedisServer server = new RedisServer(binary, dir, freePort(), List.of(options));
            try {
                server.start();
                return server;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * The {@code redis-server} binary: {@code -Dswitchboard.redis.server=…}, else the first one on
     * the {@code PATH}, else {@code /usr/bin}, {@code /usr/local/bin} or {@code /usr/sbin}; empty when
     * none is executable.
     */
    public static Optional<Path> findBinary() {
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
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** A free TCP port on 127.0.0.1 (free now; nothing reserves it). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
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

    /** The process id while it runs, or -1. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /** Starts the server (again) on the same port and data directory; returns once it answers PING. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--save", "", "--dir", dir.toString(), "--daemonize", "no"));
        command.addAll(options);
        Path log = dir.resolve("redis.log");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ChildServers.started(process);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " on port " + port
                        + "; its log:\n" + Files.readString(log));
            }
            if (answersPing()) {
                return;
            }
            ChildServers.pause(20, "redis-server");
        }
        stop();
        throw new IOException("redis-server did not answer PING on port " + port + " within " + STARTUP.toSeconds()
                + " s; its log:\n" + Files.readString(log));
    }

    /** Stops the server by its process (SIGTERM: Redis flushes the append-only file and exits; SIGKILL after 10 s). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ChildServers.stop(process, Process::destroy);
        process = null;
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
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
}
