package dev.switchboard.cli.cluster;

import dev.switchboard.protocol.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Raw MCP over HTTP for the cluster tests, so each request goes exactly where the test says
 * (one instance, or the balancer) with exactly the headers it needs.
 */
final class Wire implements AutoCloseable {
    static final String MODERN = "2026-07-28";
    static final String LEGACY = "2025-11-25";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The headers of a 2026-07-28 request. */
    static Map<String, String> modern(String method, String name) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json, text/event-stream");
        h.put("MCP-Protocol-Version", MODERN);
        h.put("Mcp-Method", method);
        if (name != null) {
            h.put("Mcp-Name", name);
        }
        return h;
    }

    /** A 2026-07-28 request body; {@code params} is the params object's members without {@code _meta}. */
    static String modernBody(Object id, String method, String params, String capabilities) {
        String members = params == null || params.isBlank() ? "" : params + ",";
        return "{\"jsonrpc\":\"2.0\",\"id\":" + json(id) + ",\"method\":\"" + method + "\",\"params\":{" + members
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + MODERN + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":" + capabilities + "}}}";
    }

    /** The headers of a session-era request ({@code session} null for initialize). */
    static Map<String, String> legacy(String session) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json, text/event-stream");
        if (session != null) {
            h.put("Mcp-Session-Id", session);
            h.put("MCP-Protocol-Version", LEGACY);
        }
        return h;
    }

    static String rpc(Object id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + json(id) + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    static String initialize(String capabilities) {
        return rpc(0, "initialize", "{\"protocolVersion\":\"" + LEGACY + "\",\"capabilities\":" + capabilities
                + ",\"clientInfo\":{\"name\":\"cluster-test\",\"version\":\"1\"}}");
    }

    private static String json(Object id) {
        return id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
    }

    HttpResponse<String> post(URI to, Map<String, String> headers, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(to).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(URI to, String session) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(to).timeout(Duration.ofSeconds(30)).DELETE()
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", LEGACY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON-RPC message of a JSON response, or the last one of an SSE response. */
    static JsonObject message(HttpResponse<String> r) {
        String body = r.body();
        String ct = r.headers().firstValue("content-type").orElse("");
        if (ct.startsWith("text/event-stream")) {
            JsonObject last = null;
            for (String line : body.split("\n")) {
                if (line.startsWith("data:")) {
                    last = (JsonObject) dev.switchboard.protocol.codec.Wire.parse(line.substring(5).strip());
                }
            }
            return last;
        }
        return (JsonObject) dev.switchboard.protocol.codec.Wire.parse(body);
    }

    /** Opens a streaming POST (or GET when {@code body} is null) and reads its SSE messages as they come. */
    Stream open(URI to, Map<String, String> headers, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(to);
        if (body == null) {
            b.GET();
        } else {
            b.POST(HttpRequest.BodyPublishers.ofString(body));
        }
        headers.forEach(b::header);
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new Stream(r);
    }

    @Override
    public void close() {
        http.close();
    }

    /** An open SSE response; messages are read on a virtual thread into a queue. */
    static final class Stream implements AutoCloseable {
        private static final JsonObject END = JsonObject.EMPTY;
        private final HttpResponse<InputStream> response;
        private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();

        Stream(HttpResponse<InputStream> response) {
            this.response = response;
            Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            messages.add((JsonObject) dev.switchboard.protocol.codec.Wire.parse(line.substring(5).strip()));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // closed
                } finally {
                    messages.add(END);
                }
            });
        }

        int status() {
            return response.statusCode();
        }

        /** The next message within {@code wait}, or null when none came or the stream ended. */
        JsonObject next(Duration wait) throws InterruptedException {
            JsonObject m = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (m == END) {
                messages.add(END);
                return null;
            }
            return m;
        }

        /** True once the server ended the stream (within {@code wait}). */
        boolean ended(Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                JsonObject m = messages.poll(50, TimeUnit.MILLISECONDS);
                if (m == END) {
                    messages.add(END);
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
