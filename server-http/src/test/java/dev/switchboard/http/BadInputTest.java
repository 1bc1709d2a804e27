package dev.switchboard.http;

import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed or hostile input gets the exact status and JSON-RPC error, and loses nothing. */
class BadInputTest {
    static McpHttpServer http;
    static Http client;

    @BeforeAll
    static void start() throws Exception {
        http = McpHttpServer.builder(new TestServers().build()).port(0).maxBodyBytes(64 * 1024).start();
        client = new Http(http.endpoint());
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void rejectsInvalidJsonWithParseError() throws Exception {
        Http.Reply r = client.post(Http.headers("tools/list", null), "{\"jsonrpc\":\"2.0\",\"id\":1,");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(-32700);
        assertThat(r.object().get("id").isNull()).isTrue();
        assertThat(r.object().getObject("error").getString("message")).contains("not valid JSON");
    }

    @Test
    void rejectsBatchWithInvalidRequest() throws Exception {
        Http.Reply r = client.post(Http.headers("tools/list", null), "[" + Http.body(1, "tools/list", "") + "]");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(-32600);
        assertThat(r.object().getObject("error").getString("message")).contains("batches");
    }

    @Test
    void rejectsJsonRpcResponseFromClient() throws Exception {
        Http.Reply r = client.post(Http.headers("tools/list", null), "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(-32600);
    }

    @Test
    void acceptsNotificationWith202AndEmptyBody() throws Exception {
        Http.Reply r = client.post(Http.headers("notifications/initialized", null),
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void rejectsMissingProtocolVersionHeaderWithHeaderMismatch() throws Exception {
        Map<String, String> h = Http.headers("tools/list", null);
        h.remove("MCP-Protocol-Version");
        Http.Reply r = client.post(h, Http.body(3, "tools/list", ""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(-32020);
        assertThat(r.object().get("id").toString()).isEqualTo("3");
    }

    @Test
    void rejectsMissingMetaWithInvalidParams400() throws Exception {
        Http.Reply r = client.post(Http.headers("tools/list", null),
                "{\"jsonrpc\":\"2.0\",\"id\":\"m\",\"method\":\"tools/list\",\"params\":{}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(-32602);
        assertThat(r.object().getString("id")).isEqualTo("m");
        assertThat(r.object().getObject("error").getString("message")).contains("protocolVersion");
    }

    @Test
    void rejectsHeaderVersionDifferentFromMeta() throws Exception {
        Http.Reply r = client.post(Http.headers("tools/list", null),
                Http.body(4, "tools/list", "").replace("\"2026-07-28\"", "\"v999.0.0\""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(-32020);
    }

    @Test
    void rejectsUnsupportedVersionListingSupportedOnes() throws Exception {
        Map<String, String> h = Http.headers("tools/list", null);
        h.put("MCP-Protocol-Version", "v999.0.0");
        Http.Reply r = client.post(h, Http.body(5, "tools/list", "").replace("\"2026-07-28\"", "\"v999.0.0\""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(-32022);
        JsonObject data = r.object().getObject("error").getObject("data");
        assertThat(data.getString("requested")).isEqualTo("v999.0.0");
        assertThat(data.get("supported").toString()).contains("2026-07-28");
    }

    @Test
    void rejectsMismatchedOrMissingMethodHeader() throws Exception {
        Map<String, String> h = Http.headers("TOOLS/LIST", null);
        assertThat(client.post(h, Http.body(6, "tools/list", "")).errorCode()).isEqualTo(-32020);
        h.remove("Mcp-Method");
        Http.Reply r = client.post(h, Http.body(6, "tools/list", ""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(-32020);
    }

    @Test
    void acceptsHeaderNamesInAnyCase() throws Exception {
        Map<String, String> h = Http.headers("tools/list", null);
        h.remove("Mcp-Method");
        h.put("MCP-METHOD", "tools/list");
        assertThat(client.post(h, Http.body(6, "tools/list", "")).status()).isEqualTo(200);
    }

    @Test
    void checksNameHeaderWithTrimmingAndBase64() throws Exception {
        String params = "\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}";
        assertThat(client.post(Http.headers("tools/call", "wrong"), Http.body(7, "tools/call", params)).errorCode())
                .isEqualTo(-32020);
        assertThat(client.post(Http.headers("tools/call", null), Http.body(7, "tools/call", params)).errorCode())
                .isEqualTo(-32020);
        assertThat(client.post(Http.headers("tools/call", "  echo  "), Http.body(7, "tools/call", params)).status())
                .isEqualTo(200);
        assertThat(client.post(Http.headers("tools/call", "=?base64?ZWNobw==?="), Http.body(7, "tools/call", params))
                .object().has("result")).isTrue();
        assertThat(client.post(Http.headers("tools/call", "=?base64?ZWNobw?="), Http.body(7, "tools/call", params))
                .errorCode()).isEqualTo(-32020);
        assertThat(client.post(Http.headers("tools/call", "=?BASE64?ZWNobw==?="), Http.body(7, "tools/call", params))
                .errorCode()).as("uppercase sentinel is a literal, so it mismatches").isEqualTo(-32020);
    }

    @Test
    void checksMirroredParamHeaders() throws Exception {
        String params = "\"name\":\"regional\",\"arguments\":{\"region\":\"eu-1\",\"count\":42}";
        Map<String, String> h = Http.headers("tools/call", "regional");
        h.put("Mcp-Param-Region", "eu-1");
        h.put("Mcp-Param-Count", "42.0");
        assertThat(client.post(h, Http.body(8, "tools/call", params)).object().has("result")).isTrue();
        h.put("Mcp-Param-Region", "us-2");
        assertThat(client.post(h, Http.body(8, "tools/call", params)).errorCode()).isEqualTo(-32020);
        h.remove("Mcp-Param-Region");
        Http.Reply missing = client.post(h, Http.body(8, "tools/call", params));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.object().getObject("error").getString("message")).contains("Mcp-Param-Region");
        h.put("Mcp-Param-Region", "eu-1");
        h.remove("Mcp-Param-Count");
        String noCount = "\"name\":\"regional\",\"arguments\":{\"region\":\"eu-1\"}";
        assertThat(client.post(h, Http.body(8, "tools/call", noCount)).object().has("result"))
                .as("absent argument needs no header").isTrue();
    }

    @Test
    void answersUnknownMethodWith404() throws Exception {
        Http.Reply r = client.call("unknown/method", null, "");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo(-32601);
        for (String removed : new String[] {"initialize", "ping", "logging/setLevel", "resources/subscribe"}) {
            assertThat(client.call(removed, null, "").status()).as(removed).isEqualTo(404);
        }
    }

    @Test
    void answersUnknownToolWithInvalidParams() throws Exception {
        Http.Reply r = client.call("tools/call", "nope", "\"name\":\"nope\",\"arguments\":{}");
        assertThat(r.errorCode()).isEqualTo(-32602);
        assertThat(r.object().getObject("error").getString("message")).contains("Unknown tool: nope");
    }

    @Test
    void answersInvalidArgumentsWithToolError() throws Exception {
        Http.Reply r = client.call("tools/call", "echo", "\"name\":\"echo\",\"arguments\":{\"text\":5}");
        JsonObject result = r.object().getObject("result");
        assertThat(result.get("isError").toString()).isEqualTo("true");
        assertThat(result.toString()).contains("Invalid arguments for tool echo").contains("/text");
    }

    @Test
    void refusesOversizedBodyWith413() throws Exception {
        String big = "\"name\":\"echo\",\"arguments\":{\"text\":\"" + "x".repeat(70 * 1024) + "\"}";
        Http.Reply r = client.post(Http.headers("tools/call", "echo"), Http.body(9, "tools/call", big));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo(-32600);
        assertThat(client.call("tools/list", null, "").status()).isEqualTo(200);
    }

    @Test
    void aClientStillSendingAnOversizedBodyReadsThe413() throws Exception {
        // several times the limit, declared and chunked: the answer must reach a client that writes the whole body first
        String big = "\"name\":\"echo\",\"arguments\":{\"text\":\"" + "x".repeat(12 * 1024 * 1024) + "\"}";
        byte[] body = Http.body(12, "tools/call", big).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpClient one = java.net.http.HttpClient.newHttpClient(); // one connection, reused if the server keeps it
        for (java.net.http.HttpRequest.BodyPublisher publisher : java.util.List.of(
                java.net.http.HttpRequest.BodyPublishers.ofByteArray(body),
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)),
                java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))) {
            java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(http.endpoint()).POST(publisher);
            Http.headers("tools/call", "echo").forEach(b::header);
            java.net.http.HttpResponse<String> r = one.send(b.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("-32600", "Request body exceeds the limit of");
        }
        assertThat(client.call("tools/list", null, "").status()).isEqualTo(200);
    }

    @Test
    void rejectsForgedRequestState() throws Exception {
        Http.Reply first = client.post(Http.headers("tools/call", "ask"), Http.body(10, "tools/call",
                "\"name\":\"ask\",\"arguments\":{}", "{\"elicitation\":{}}", ""));
        String state = first.object().getObject("result").getString("requestState");
        assertThat(state).isNotBlank();
        String retry = "\"name\":\"ask\",\"arguments\":{},\"requestState\":\"" + state + "AA\","
                + "\"inputResponses\":{\"name\":{\"action\":\"accept\",\"content\":{\"name\":\"Ann\"}}}";
        Http.Reply forged = client.post(Http.headers("tools/call", "ask"),
                Http.body(11, "tools/call", retry, "{\"elicitation\":{}}", ""));
        assertThat(forged.errorCode()).isEqualTo(-32602);
        assertThat(forged.object().getObject("error").getString("message")).contains("requestState");
        Http.Reply ok = client.post(Http.headers("tools/call", "ask"),
                Http.body(12, "tools/call", retry.replace(state + "AA", state), "{\"elicitation\":{}}", ""));
        assertThat(ok.object().getObject("result").toString()).contains("hi Ann");
    }

    @Test
    void refusesForeignOriginAndHost() throws Exception {
        Map<String, String> h = Http.headers("tools/list", null);
        h.put("Origin", "https://evil.example.com");
        assertThat(client.post(h, Http.body(1, "tools/list", "")).status()).isEqualTo(403);
        h.remove("Origin");
        h.put("Host", "evil.example.com");
        assertThat(client.post(h, Http.body(1, "tools/list", "")).status()).isEqualTo(403);
        h.put("Host", "localhost:1234");
        h.put("Origin", "http://localhost:5173");
        assertThat(client.post(h, Http.body(1, "tools/list", "")).status()).isEqualTo(200);
    }

    @Test
    void refusesGetAndDeleteWith405() throws Exception {
        Http.Reply get = client.send("GET", Map.of("Accept", "text/event-stream"), new byte[0]);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.headers().get("allow")).isEqualTo("POST");
        assertThat(client.send("DELETE", Map.of(), new byte[0]).status()).isEqualTo(405);
    }

    @Test
    void refusesWrongContentType() throws Exception {
        Map<String, String> h = Http.headers("tools/list", null);
        h.put("Content-Type", "text/plain");
        assertThat(client.post(h, Http.body(1, "tools/list", "")).status()).isEqualTo(415);
    }

    @Test
    void refusesInvalidLogLevel() throws Exception {
        Http.Reply r = client.post(Http.headers("tools/list", null),
                Http.body(1, "tools/list", "", "{}", ",\"io.modelcontextprotocol/logLevel\":\"loud\""));
        assertThat(r.errorCode()).isEqualTo(-32602);
    }

    @Test
    void servesHealth() throws Exception {
        Http.Reply r = new Http(http.endpoint().resolve("/healthz")).send("GET", Map.of(), new byte[0]);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("ok");
    }

    @Test
    void survivesGarbageBytes() throws Exception {
        byte[] junk = new byte[512];
        new java.util.Random(1).nextBytes(junk);
        assertThat(client.send("POST", Http.headers("tools/list", null), junk).status()).isEqualTo(400);
        assertThat(client.post(Http.headers("tools/list", null), new String(junk, StandardCharsets.ISO_8859_1)).status())
                .isEqualTo(400);
        assertThat(client.call("tools/list", null, "").status()).isEqualTo(200);
    }
}
