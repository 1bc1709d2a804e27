package dev.switchboard.cli.cluster;

import dev.switchboard.state.seal.KeyRing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real deployment on 127.0.0.1, started and stopped by the test: one {@code redis-server} with its
 * append-only file on, N {@code switchboard serve} processes (the shaded jar, each a separate JVM)
 * sharing a key ring and the Redis, and an {@code nginx} in front of them doing plain round robin
 * with no stickiness, that never retries a POST once it reached a backend. Every process is ours,
 * found by PID and stopped on {@link #close()}; instances can be SIGKILLed and restarted on their
 * port, and Redis restarted on its data directory.
 */
final class Cluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Path keys;
    private final List<String> command;
    private final List<String> serveArgs;
    private final int redisPort;
    private final int[] ports;
    private final Process[] instances;
    private final int lbPort;
    private Process redis;
    private Process nginx;

    private Cluster(Path dir, int size, List<String> command, List<String> serveArgs) throws IOException {
        this.dir = dir;
        this.command = command;
        this.keys = dir.resolve("keys.json");
        this.serveArgs = serveArgs;
        this.redisPort = freePort();
        this.ports = new int[size];
        for (int i = 0; i < size; i++) {
            ports[i] = freePort();
        }
        this.instances = new Process[size];
        this.lbPort = freePort();
    }

    /**
     * Starts Redis, {@code size} instances of {@code serve --fixture} with {@code extraServeArgs},
     * and nginx; returns once every instance answers {@code /healthz} directly and through nginx.
     */
    static Cluster start(int size, String... extraServeArgs) throws Exception {
        return start(size, List.of("serve", "--fixture"), List.of(extraServeArgs));
    }

    /** As {@link #start(int, String...)}, with {@code gateway --config config} instances instead. */
    static Cluster startGateways(int size, Path config, String... extraArgs) throws Exception {
        return start(size, List.of("gateway", "--config", config.toString()), List.of(extraArgs));
    }

    private static Cluster start(int size, List<String> command, List<String> extraArgs) throws Exception {
        Path dir = Files.createTempDirectory("switchboard-cluster-");
        Cluster c = new Cluster(dir, size, command, extraArgs);
        try {
            KeyRing.generate().write(c.keys);
            c.startRedis();
            List<Thread> starting = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int n = i;
                starting.add(Thread.ofVirtual().start(() -> c.startInstance(n)));
            }
            for (Thread t : starting) {
                t.join();
            }
            for (int i = 0; i < size; i++) {
                if (c.instances[i] == null || !c.instances[i].isAlive()) {
                    throw new IllegalStateException("instance " + i + " did not start:\n" + c.log("instance-" + i));
                }
            }
            c.startNginx();
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    /** The shared Redis. */
    URI redis() {
        return URI.create("redis://127.0.0.1:" + redisPort);
    }

    /** The load-balanced MCP endpoint. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + lbPort + "/mcp");
    }

    /** Instance {@code i}'s own MCP endpoint, bypassing the balancer. */
    URI instance(int i) {
        return URI.create("http://127.0.0.1:" + ports[i] + "/mcp");
    }

    int size() {
        return ports.length;
    }

    /** The {@code host:port} nginx logged as the upstream of each request so far, in order. */
    List<String> upstreamsServed() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().map(String::strip).filter(s -> !s.isEmpty()).toList() : List.of();
    }

    /** The port of instance {@code i}. */
    int port(int i) {
        return ports[i];
    }

    /** SIGKILL: the JVM gets no chance to finish anything. */
    void kill(int i) throws InterruptedException {
        Process p = instances[i];
        p.destroyForcibly();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("instance " + i + " survived SIGKILL");
        }
    }

    /** Starts instance {@code i} again on its port and waits until it serves. */
    void restart(int i) {
        startInstance(i);
        if (!instances[i].isAlive()) {
            throw new IllegalStateException("instance " + i + " did not restart:\n" + log("instance-" + i));
        }
    }

    /** Stops Redis (SIGTERM: it fsyncs its append-only file and exits). */
    void stopRedis() throws InterruptedException {
        redis.destroy();
        if (!redis.waitFor(10, TimeUnit.SECONDS)) {
            redis.destroyForcibly();
        }
    }

    /** Starts Redis again on the same port and data directory. */
    void startRedis() throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("redis"));
        redis = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(redisPort),
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", data.toString(),
                "--daemonize", "no", "--protected-mode", "yes")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        awaitPort(redisPort, "redis-server", redis);
    }

    private void startInstance(int i) {
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx256m",
                    "--sun-misc-unsafe-memory-access=allow", "-jar", jar().toString()));
            command.addAll(this.command);
            command.addAll(List.of("--port", Integer.toString(ports[i]),
                    "--state", "redis://127.0.0.1:" + redisPort, "--keys", keys.toString(),
                    "--instances", Integer.toString(ports.length)));
            command.addAll(serveArgs);
            instances[i] = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("instance-" + i + ".log").toFile()))
                    .start();
            awaitHealthy(URI.create("http://127.0.0.1:" + ports[i] + "/healthz"), "instance " + i, instances[i]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void startNginx() throws IOException, InterruptedException {
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            Files.createDirectories(dir.resolve("tmp").resolve(temp));
        }
        StringBuilder upstreams = new StringBuilder();
        for (int port : ports) {
            upstreams.append("    server 127.0.0.1:").append(port).append(" max_fails=1 fail_timeout=2s;\n");
        }
        String conf = """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log stderr warn;
                events { worker_connections 1024; }
                http {
                  log_format upstream '$upstream_addr';
                  access_log %1$s/access.log upstream;
                  client_body_temp_path %1$s/tmp/client_body;
                  proxy_temp_path %1$s/tmp/proxy;
                  fastcgi_temp_path %1$s/tmp/fastcgi;
                  uwsgi_temp_path %1$s/tmp/uwsgi;
                  scgi_temp_path %1$s/tmp/scgi;
                  upstream switchboard {
                %2$s    keepalive 32;
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://switchboard;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host $http_host;
                      proxy_buffering off;
                      proxy_read_timeout 300s;
                      # a connection refused by a dead backend goes to the next one; a POST that reached
                      # a backend is never re-sent (no non_idempotent)
                      proxy_next_upstream error timeout;
                      proxy_next_upstream_tries 3;
                    }
                  }
                }
                """.formatted(dir, upstreams, lbPort);
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        nginx = new ProcessBuilder(binary, "-e", "stderr", "-p", dir.toString(), "-c", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nginx.log").toFile()))
                .start();
        awaitHealthy(URI.create("http://127.0.0.1:" + lbPort + "/healthz"), "nginx", nginx);
    }

    /** The output of a process, for failure messages. */
    String log(String name) {
        try {
            Path f = dir.resolve(name + ".log");
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(unreadable log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (nginx != null) {
            ProcessHandle.of(nginx.pid()).ifPresent(h -> {
                try {
                    new ProcessBuilder("kill", "-QUIT", Long.toString(h.pid())).start().waitFor();
                } catch (IOException | InterruptedException e) {
                    nginx.destroyForcibly();
                }
            });
            stop(nginx);
        }
        for (Process p : instances) {
            if (p != null) {
                p.destroy();
                stop(p);
            }
        }
        if (redis != null) {
            redis.destroy();
            stop(redis);
        }
    }

    private static void stop(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private static Path jar() {
        Path jar = Path.of("target", "switchboard.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar.toAbsolutePath() + ": run the cluster tests with 'mvn verify' "
                    + "(they need the packaged CLI)");
        }
        return jar.toAbsolutePath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private void awaitHealthy(URI health, String what, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(what + " exited with " + process.exitValue() + ":\n" + logOf(what));
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(what + " did not become healthy within " + START_TIMEOUT + ":\n" + logOf(what));
    }

    private String logOf(String what) {
        return log(what.startsWith("instance ") ? "instance-" + what.substring(9) : what);
    }

    private void awaitPort(int port, String what, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + ":\n" + log("redis"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = new byte[7];
                int n = s.getInputStream().read(reply);
                if (n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(what + " did not answer on port " + port + ":\n" + log("redis"));
    }
}
