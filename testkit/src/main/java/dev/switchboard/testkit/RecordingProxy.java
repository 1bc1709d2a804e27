package dev.switchboard.testkit;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A transparent proxy in front of a real server that records what a client (or a gateway) sends,
 * so tests can check the wire (headers, {@code _meta}, sessions, GET streams, DELETE) while the
 * real server answers. Streams responses through chunk by chunk, so SSE and session-era answers
 * flow as they would without it; {@link #dropStreams()} cuts the event streams open now on both
 * sides, as a flaky network or a killed process would.
 */
public final class RecordingProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
            "upgrade", "expect", "keep-alive");

    /** A request as the client sent it, and the status the server answered. */
    public record Seen(String httpMethod, Map<String, List<String>> headers, JsonObject body, int status) {
        /** The first value of header {@code name} (any case), or null. */
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }

        /** The JSON-RPC method of the body, or null. */
        public String method() {
            return body == null ? null : body.getString("method");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile URI target;
    private final Map<com.sun.net.httpserver.HttpExchange, InputStream> streaming = new java.util.concurrent.ConcurrentHashMap<>();

    /** A proxy on a free loopback port in front of {@code target} (its path is replaced by each request's). */
    public RecordingProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                HttpRequest.Builder b = HttpRequest.newBuilder(this.target.resolve(exchange.getRequestURI().getPath()))
                        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((k, vs) -> {
                    if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                        vs.forEach(v -> b.header(k, v));
                    }
                });
                HttpResponse<InputStream> r = upstream.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                seen.add(new Seen(exchange.getRequestMethod(), Map.copyOf(exchange.getRequestHeaders()),
                        body.length == 0 ? null : (JsonObject) Wire.parse(body), r.statusCode()));
                r.headers().map().forEach((k, vs) -> {
                    if (!HOP_BY_HOP.contains(k.toLowerCase()) && !k.startsWith(":")) {
                        vs.forEach(v -> exchange.getResponseHeaders().add(k, v));
                    }
                });
                long length = r.headers().firstValueAsLong("content-length").orElse(-2);
                exchange.sendResponseHeaders(r.statusCode(), length == 0 ? -1 : length > 0 ? length : 0);
                if (r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
                    streaming.put(exchange, r.body());
                }
                try (InputStream in = r.body(); OutputStream out = exchange.getResponseBody()) {
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // a side went away
            } finally {
                streaming.remove(exchange);
            }
        });
        server.start();
    }

    /** The proxy's MCP endpoint. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    /** Every request relayed so far. */
    public List<Seen> seen() {
        return seen;
    }

    /** The requests relayed so far with JSON-RPC method {@code method}. */
    public List<Seen> seen(String method) {
        return seen.stream().filter(s -> method.equals(s.method())).toList();
    }

    /** Relays later requests to {@code target} instead (as if the server had moved or restarted). */
    public void retarget(URI target) {
        this.target = target;
    }

    /**
     * Cuts every event stream now being relayed on both sides: the client sees it end without its
     * final message, the server sees its stream closed. Returns how many there were.
     */
    public int dropStreams() {
        int n = 0;
        for (var e : streaming.entrySet()) {
            streaming.remove(e.getKey());
            e.getKey().close();
            try {
                e.getValue().close();
            } catch (IOException ignored) {
                // already gone
            }
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        upstream.close();
    }
}
