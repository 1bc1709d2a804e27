package dev.switchboard.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A hand-scripted MCP endpoint on a JDK {@link HttpServer}, for behaviour our real server never
 * shows (bad JSON, wrong ids, silence, oversized bodies, 401, session-era-only servers). Records
 * every request it receives.
 */
final class FakeServer implements AutoCloseable {
    /** Scripts one response. */
    @FunctionalInterface
    interface Handler {
        void handle(Received request, HttpExchange exchange) throws Exception;
    }

    /** A request as received: HTTP method, headers (lower-case names), parsed body (null when none). */
    record Received(String httpMethod, com.sun.net.httpserver.Headers headers, JsonObject body) {
        String header(String name) {
            return headers.getFirst(name);
        }

        String method() {
            return body == null ? null : body.getString("method");
        }

        Json id() {
            return body == null ? null : body.get("id");
        }

        JsonObject params() {
            return body == null || body.getObject("params") == null ? JsonObject.EMPTY : body.getObject("params");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private FakeServer(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/mcp", exchange -> {
            try (exchange) {
                byte[] bytes = exchange.getRequestBody().readAllBytes();
                JsonObject body = bytes.length == 0 ? null : (JsonObject) Wire.parse(bytes);
                Received r = new Received(exchange.getRequestMethod(), exchange.getRequestHeaders(), body);
                received.add(r);
                handler.handle(r, exchange);
            } catch (IOException e) {
                // the client went away
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        server.start();
    }

    /** Starts a server answering with {@code handler}. */
    static FakeServer start(Handler handler) {
        try {
            return new FakeServer(handler);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    /** Every request so far, in arrival order. */
    List<Received> received() {
        return received;
    }

    /** Requests of JSON-RPC method {@code method}. */
    List<Received> received(String method) {
        return received.stream().filter(r -> method.equals(r.method())).toList();
    }

    /** Blocks until the server closes (for handlers that must never answer). */
    void hang() throws InterruptedException {
        closing.await(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- response helpers ---------------------------------------------------------------

    static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    static void status(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
    }

    /** A success response to {@code r} with {@code result} (JSON text). */
    static void result(HttpExchange ex, Received r, String result) throws IOException {
        json(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"result\":" + result + "}");
    }

    /** Opens an SSE response and writes {@code events} (each one data line), flushing each. */
    static void sse(HttpExchange ex, String... events) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        for (String e : events) {
            out.write(("data: " + e + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** A minimal modern discover result. */
    static final String DISCOVER_RESULT = """
            {"resultType":"complete","supportedVersions":["2026-07-28"],"capabilities":{"tools":{}},
             "ttlMs":0,"cacheScope":"public","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"fake","version":"1"}}}""";

    /** A modern server: answers discover, hands everything else to {@code rest}. */
    static Handler modern(Handler rest) {
        return (r, ex) -> {
            if ("server/discover".equals(r.method())) {
                result(ex, r, DISCOVER_RESULT);
            } else {
                rest.handle(r, ex);
            }
        };
    }
}
