package dev.switchboard.client;

import dev.switchboard.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AUTO against servers that answer the {@code server/discover} probe in the ways the transport's
 * backward-compatibility section describes.
 */
class EraFallbackTest {
    private static final String INIT = "{\"protocolVersion\":\"%s\",\"capabilities\":{\"tools\":{}},"
            + "\"serverInfo\":{\"name\":\"legacy\",\"version\":\"1\"}}";

    /** A session-era server: {@code probe} answers the discover probe, the rest behaves. */
    private static FakeServer legacyServer(FakeServer.Handler probe, String answerVersion) {
        return FakeServer.start((r, ex) -> {
            switch (r.method() == null ? "" : r.method()) {
                case "server/discover" -> probe.handle(r, ex);
                case "initialize" -> {
                    ex.getResponseHeaders().set("Mcp-Session-Id", "sess-1");
                    FakeServer.result(ex, r, INIT.formatted(answerVersion == null
                            ? r.params().getString("protocolVersion") : answerVersion));
                }
                case "notifications/initialized" -> FakeServer.status(ex, 202);
                case "" -> FakeServer.status(ex, 200); // DELETE
                default -> FakeServer.result(ex, r, "{\"tools\":[]}");
            }
        });
    }

    @Test
    void fallsBackToInitializeOnAnUnrecognisedBadRequest() {
        try (FakeServer server = legacyServer((r, ex) -> FakeServer.json(ex, 400,
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":\"Bad Request: No valid session ID provided\"}}"), null);
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThat(client.listAllTools()).isEmpty();
            assertThat(client.era()).isEqualTo(Era.LEGACY);
            assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_11_25);
            assertThat(server.received()).extracting(FakeServer.Received::method)
                    .startsWith("server/discover", "initialize", "notifications/initialized", "tools/list");
            var list = server.received("tools/list").getFirst();
            assertThat(list.header("Mcp-Session-Id")).isEqualTo("sess-1");
            assertThat(list.header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
        }
    }

    @Test
    void fallsBackOnABadRequestWithoutJsonBody() {
        try (FakeServer server = legacyServer((r, ex) -> {
            ex.sendResponseHeaders(400, 11);
            ex.getResponseBody().write("Bad Request".getBytes());
        }, null);
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThat(client.era()).isEqualTo(Era.LEGACY);
        }
    }

    @Test
    void fallsBackWhenAnOldServerAnswersUnknownMethodWithStatus200() {
        try (FakeServer server = legacyServer((r, ex) -> FakeServer.json(ex, 200,
                "{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}"), null);
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThat(client.era()).isEqualTo(Era.LEGACY);
        }
    }

    @Test
    void picksTheNewestSessionEraVersionFromAnUnsupportedVersionError() {
        try (FakeServer server = legacyServer((r, ex) -> FakeServer.json(ex, 400, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id()
                + ",\"error\":{\"code\":-32022,\"message\":\"Unsupported protocol version\","
                + "\"data\":{\"supported\":[\"2025-06-18\",\"2025-03-26\"],\"requested\":\"2026-07-28\"}}}"), null);
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_06_18);
            assertThat(server.received("initialize").getFirst().params().getString("protocolVersion"))
                    .isEqualTo("2025-06-18");
        }
    }

    @Test
    void acceptsAnOlderVersionChosenByTheServer() {
        try (FakeServer server = legacyServer((r, ex) -> FakeServer.status(ex, 405), "2025-03-26");
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            client.listAllTools();
            assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_03_26);
            // the version header arrived in 2025-06-18: a 2025-03-26 session does not send it
            assertThat(server.received("tools/list").getFirst().header("MCP-Protocol-Version")).isNull();
        }
    }

    @Test
    void refusesAVersionItDoesNotSpeak() {
        try (FakeServer server = legacyServer((r, ex) -> FakeServer.status(ex, 404), "2024-11-05");
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThatThrownBy(client::listAllTools).isInstanceOfSatisfying(McpClientException.class, e -> {
                assertThat(e.kind()).isEqualTo(McpClientException.Kind.INVALID_RESPONSE);
                assertThat(e.getMessage()).contains("chose protocol version 2024-11-05");
            });
            assertThat(server.received()).extracting(FakeServer.Received::httpMethod).contains("DELETE");
        }
    }

    @Test
    void staysModernOnARecognisedModernError() {
        try (FakeServer server = FakeServer.start((r, ex) -> {
            if ("server/discover".equals(r.method())) {
                FakeServer.json(ex, 400, "{\"jsonrpc\":\"2.0\",\"id\":" + r.id()
                        + ",\"error\":{\"code\":-32020,\"message\":\"header mismatch\"}}");
            } else {
                FakeServer.result(ex, r, "{\"tools\":[]}");
            }
        });
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThat(client.era()).isEqualTo(Era.MODERN);
            assertThat(server.received("initialize")).isEmpty();
        }
    }

    @Test
    void listsModernVersionsButNotOursFallsBack() {
        try (FakeServer server = legacyServer((r, ex) -> FakeServer.result(ex, r, """
                {"supportedVersions":["2027-01-01","2025-06-18"],"capabilities":{},"ttlMs":0,"cacheScope":"public"}"""),
                null);
             McpClient client = McpClient.builder(server.endpoint()).build()) {
            assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_06_18);
        }
    }

    @Test
    void aServerErrorDuringTheProbeIsNotCachedAndTheNextCallProbesAgain() {
        AtomicInteger probes = new AtomicInteger();
        try (FakeServer flaky = FakeServer.start((r, ex) -> {
                 if ("server/discover".equals(r.method()) && probes.getAndIncrement() == 0) {
                     FakeServer.json(ex, 503, "");
                 } else if ("server/discover".equals(r.method())) {
                     FakeServer.result(ex, r, FakeServer.DISCOVER_RESULT);
                 } else {
                     FakeServer.result(ex, r, "{\"tools\":[]}");
                 }
             });
             McpClient client = McpClient.builder(flaky.endpoint()).build()) {
            assertThatThrownBy(client::listAllTools).isInstanceOfSatisfying(McpClientException.class, e -> {
                assertThat(e.kind()).isEqualTo(McpClientException.Kind.HTTP_STATUS);
                assertThat(e.httpStatus()).isEqualTo(503);
            });
            assertThat(client.listAllTools()).isEmpty();
            assertThat(client.era()).isEqualTo(Era.MODERN);
            assertThat(probes).hasValue(2);
        }
    }
}
