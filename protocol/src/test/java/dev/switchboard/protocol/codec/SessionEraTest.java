package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.EmptyResult;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.InitializeRequest;
import dev.switchboard.protocol.lifecycle.InitializeResult;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.logging.SetLevelRequest;
import dev.switchboard.protocol.resources.SubscribeRequest;
import dev.switchboard.protocol.resources.UnsubscribeRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same records serve session-era peers (2025-11-25): what we emit for them validates against
 * that revision's schema, and {@link Codec#encodeSessionEra} leaves out the 2026-only members.
 */
class SessionEraTest {
    private static final String V = SpecExamples.SESSION_ERA_REVISION;

    private static void assertValid(String typeName, Json instance) {
        assertThat(SpecExamples.schemaFor(V, typeName).validate(instance))
                .as("%s against 2025-11-25 $defs/%s", instance, typeName).isEmpty();
    }

    @Test
    void leavesTheModernOnlyMembersOffASessionEraResult() {
        Tool tool = Tool.of("echo", "Echoes", JsonObject.of("type", Json.of("object")));
        JsonObject out = Codec.encodeSessionEra(ListToolsResult.of(List.of(tool), 1000, CacheScope.PUBLIC));
        assertThat(out.has("resultType")).isFalse();
        assertThat(out.has("ttlMs")).isFalse();
        assertThat(out.has("cacheScope")).isFalse();
        assertThat(out.members().keySet()).containsExactly("tools");
        assertValid("ListToolsResult", out);
    }

    @Test
    void writesTheEmptyAcknowledgementAsAnEmptyObject() {
        assertThat(Codec.encodeSessionEra(EmptyResult.of())).isEqualTo(JsonObject.EMPTY);
        assertValid("EmptyResult", Codec.encodeSessionEra(EmptyResult.of()));
    }

    @Test
    void keepsEverythingElseOfASessionEraResult() {
        CallToolResult r = CallToolResult.structured(JsonObject.of("a", Json.of(1)), TextContent.of("a=1"));
        JsonObject modern = Codec.encode(r);
        assertThat(Codec.encodeSessionEra(r)).isEqualTo(modern.without("resultType"));
        assertValid("CallToolResult", Codec.encodeSessionEra(r));
    }

    @Test
    void readsSessionEraResultsWithoutResultType() {
        JsonObject legacy = (JsonObject) Wire.parse("{\"tools\":[{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\"}}],"
                + "\"nextCursor\":\"c\"}");
        ListToolsResult r = Codec.decode(legacy, ListToolsResult.class);
        assertThat(r.cacheScope()).isNull();
        assertThat(r.ttlMs()).isZero();
        assertThat(Codec.encodeSessionEra(r)).isEqualTo(legacy);
    }

    @Test
    void writesAValidHandshake() {
        InitializeRequest req = new InitializeRequest("2025-11-25",
                new ClientCapabilities(JsonObject.of("listChanged", Json.of(true)), JsonObject.EMPTY, null, null, null),
                Implementation.of("client", "1.0"), null);
        assertValid("InitializeRequestParams", Codec.encode(req));
        InitializeResult res = new InitializeResult("2025-11-25",
                new ServerCapabilities(new ServerCapabilities.ToolsCapability(true), null, null, JsonObject.EMPTY, null,
                        null, null), Implementation.of("switchboard", "0.1.0"), "Be brief.", null);
        assertValid("InitializeResult", Codec.encode(res));
        assertThat(Codec.encodeSessionEra(res)).isEqualTo(Codec.encode(res));
    }

    @Test
    void writesValidSessionEraRequests() {
        assertValid("SetLevelRequestParams", Codec.encode(new SetLevelRequest(LoggingLevel.NOTICE, null)));
        assertValid("SubscribeRequestParams", Codec.encode(SubscribeRequest.of("file:///a")));
        assertValid("UnsubscribeRequestParams", Codec.encode(UnsubscribeRequest.of("file:///a")));
    }

    @Test
    void readsTheLegacyToolExecutionMember() {
        Tool t = Codec.decode(Wire.parse("{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\"},"
                + "\"execution\":{\"taskSupport\":\"optional\"}}"), Tool.class);
        assertThat(t.execution()).isEqualTo(JsonObject.of("taskSupport", Json.of("optional")));
        assertValid("Tool", Codec.encode(t));
    }
}
