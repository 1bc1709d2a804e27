package dev.switchboard.client;

import dev.switchboard.testkit.RecordingProxy;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which era the client picks against our real (dual-era) server, and what each era sends. */
class EraNegotiationTest extends DemoBehindProxy {

    @Test
    void autoPicksTheModernEraAgainstOurServer() {
        try (McpClient client = McpClient.builder(demo.endpoint()).build()) {
            assertThat(client.era()).isEqualTo(Era.MODERN);
            assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
            assertThat(client.serverInfo().name()).isEqualTo("dev.switchboard/demo");
            assertThat(client.serverCapabilities().tools()).isNotNull();
        }
    }

    @Test
    void autoProbesOnceAndCachesTheOutcome() {
        int before = proxy.seen("server/discover").size();
        try (McpClient client = McpClient.builder(proxy.endpoint()).build()) {
            client.listAllTools();
            client.callTool("echo", JsonObject.of("text", Json.of("x")));
            client.listAllPrompts();
        }
        assertThat(proxy.seen("server/discover")).hasSize(before + 1);
    }

    @Test
    void legacyForcedInitializesAndServesCalls() {
        try (McpClient client = McpClient.builder(demo.endpoint()).era(Era.LEGACY).build()) {
            assertThat(client.era()).isEqualTo(Era.LEGACY);
            assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_11_25);
            assertThat(client.listAllTools()).extracting(Tool::name).contains("echo", "add", "count_slowly", "greet");
            assertThat(RealServers.text(client.callTool("echo", JsonObject.of("text", Json.of("hello")))))
                    .isEqualTo("hello");
        }
    }

    @Test
    void legacyDiscoverIsMadeFromTheInitializeResult() {
        try (McpClient client = McpClient.builder(demo.endpoint()).era(Era.LEGACY).build()) {
            DiscoverResult d = client.discover();
            assertThat(d.supportedVersions()).containsExactly(ProtocolVersion.V2025_11_25);
            assertThat(d.instructions()).startsWith("A demo of Switchboard");
            assertThat(d.capabilities().tools()).isNotNull();
            assertThat(client.serverInfo().name()).isEqualTo("dev.switchboard/demo");
        }
    }

    @Test
    void modernForcedSendsNoProbe() {
        int before = proxy.seen("server/discover").size();
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.MODERN).build()) {
            assertThat(client.listAllTools()).isNotEmpty();
        }
        assertThat(proxy.seen("server/discover")).hasSize(before);
    }

    @Test
    void modernForcedLearnsCapabilitiesThroughDiscover() {
        try (McpClient client = McpClient.builder(demo.endpoint()).era(Era.MODERN).build()) {
            assertThat(client.serverCapabilities().prompts()).isNotNull();
            assertThat(client.serverInfo().version()).isEqualTo("0.1.0");
            assertThat(client.discover().supportedVersions()).contains(ProtocolVersion.V2026_07_28,
                    ProtocolVersion.V2025_11_25);
        }
    }

    @Test
    void legacyHandshakeSendsInitializeThenInitializedThenSessionHeaders() {
        int mark = proxy.seen().size();
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.LEGACY).build()) {
            client.listAllTools();
        }
        var seen = proxy.seen().subList(mark, proxy.seen().size());
        assertThat(seen).extracting(RecordingProxy.Seen::method)
                .containsExactly("initialize", "notifications/initialized", "tools/list", null);
        var init = seen.get(0);
        assertThat(init.header("MCP-Protocol-Version")).isNull();
        assertThat(init.header("Mcp-Session-Id")).isNull();
        assertThat(init.body().getObject("params").getString("protocolVersion")).isEqualTo("2025-11-25");
        String session = seen.get(1).header("Mcp-Session-Id");
        assertThat(session).isNotBlank();
        assertThat(seen.get(2).header("Mcp-Session-Id")).isEqualTo(session);
        assertThat(seen.get(2).header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
        assertThat(seen.get(2).header("Mcp-Method")).isNull();
        assertThat(seen.get(2).body().getObject("params")).isNull();
        assertThat(seen.get(3).httpMethod()).isEqualTo("DELETE");
        assertThat(seen.get(3).header("Mcp-Session-Id")).isEqualTo(session);
    }
}
