package dev.switchboard.client.internal;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ToolHeadersTest {
    static final Tool REGION = Tool.of("region", null, (JsonObject) Wire.parse(
            "{\"type\":\"object\",\"properties\":{\"r\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"}}}"));
    static final Tool BAD = Tool.of("bad", null, (JsonObject) Wire.parse(
            "{\"type\":\"object\",\"properties\":{\"r\":{\"type\":\"number\",\"x-mcp-header\":\"R\"}}}"));
    static final Tool PLAIN = Tool.of("plain", null, (JsonObject) Wire.parse("{\"type\":\"object\"}"));

    @Test
    void keepsAPageWithoutBadToolsAsItIs() {
        ToolHeaders h = new ToolHeaders();
        ListToolsResult page = new ListToolsResult(List.of(REGION, PLAIN), "next", 5, CacheScope.PRIVATE, null);
        assertThat(h.accept(page)).isSameAs(page);
    }

    @Test
    void dropsBadToolsAndKeepsThePagesOtherMembers() {
        ToolHeaders h = new ToolHeaders();
        ListToolsResult page = new ListToolsResult(List.of(BAD, REGION), "next", 5, CacheScope.PRIVATE, null);
        ListToolsResult kept = h.accept(page);
        assertThat(kept.tools()).containsExactly(REGION);
        assertThat(kept.nextCursor()).isEqualTo("next");
        assertThat(kept.ttlMs()).isEqualTo(5);
        assertThat(kept.cacheScope()).isEqualTo(CacheScope.PRIVATE);
        assertThat(h.headersFor("bad", JsonObject.of("r", Json.of(1)))).isEmpty();
    }

    @Test
    void mirrorsOnlyForListedTools() {
        ToolHeaders h = new ToolHeaders();
        JsonObject args = JsonObject.of("r", Json.of("eu"));
        assertThat(h.headersFor("region", args)).isEmpty();
        h.accept(ListToolsResult.of(List.of(REGION), 0, CacheScope.PUBLIC));
        assertThat(h.headersFor("region", args)).containsExactly(java.util.Map.entry("Mcp-Param-Region", "eu"));
        assertThat(h.headersFor("region", null)).isEmpty();
        assertThat(h.headersFor(null, args)).isEmpty();
    }

    @Test
    void aToolThatTurnsBadForgetsItsBindings() {
        ToolHeaders h = new ToolHeaders();
        h.accept(ListToolsResult.of(List.of(REGION), 0, CacheScope.PUBLIC));
        Tool nowBad = Tool.of("region", null, BAD.inputSchema());
        h.accept(ListToolsResult.of(List.of(nowBad), 0, CacheScope.PUBLIC));
        assertThat(h.headersFor("region", JsonObject.of("r", Json.of("eu")))).isEmpty();
    }
}
