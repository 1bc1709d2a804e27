package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.DiscoverRequest;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Icon;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.InitializeRequest;
import dev.switchboard.protocol.lifecycle.InitializeResult;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleCodecTest {

    @Test
    void readsTheClientCapabilitiesFromARequestsMeta() {
        Request r = (Request) JsonRpcCodec.decode(Wire.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{},\"sampling\":{\"tools\":{}}},"
                + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"c\",\"version\":\"1.0\"}},\"name\":\"t\"}}"));
        JsonObject meta = r.params().getObject("_meta");
        ClientCapabilities caps = Codec.decode(meta.get(MetaKeys.CLIENT_CAPABILITIES), ClientCapabilities.class,
                "params._meta." + MetaKeys.CLIENT_CAPABILITIES);
        assertThat(caps.hasElicitationForm()).isTrue();
        assertThat(caps.hasElicitationUrl()).isFalse();
        assertThat(caps.hasSamplingTools()).isTrue();
        Implementation info = Codec.decode(meta.get(MetaKeys.CLIENT_INFO), Implementation.class);
        assertThat(info).isEqualTo(Implementation.of("c", "1.0"));
    }

    @Test
    void namesTheMetaPathOfBadCapabilities() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"roots\":true}"), ClientCapabilities.class,
                "params._meta.io.modelcontextprotocol/clientCapabilities"))
                .hasMessage("params._meta.io.modelcontextprotocol/clientCapabilities.roots: expected object, got boolean");
    }

    @Test
    void writesEmptyClientCapabilitiesAsAnEmptyObject() {
        assertThat(Codec.encode(ClientCapabilities.EMPTY)).isEqualTo(JsonObject.EMPTY);
        assertThat(Codec.decode(JsonObject.EMPTY, ClientCapabilities.class)).isEqualTo(ClientCapabilities.EMPTY);
    }

    @Test
    void keepsExtensionSettingsVerbatim() {
        Json in = Wire.parse("{\"extensions\":{\"io.modelcontextprotocol/ui\":{\"mimeTypes\":[\"text/html\"]}}}");
        ClientCapabilities c = Codec.decode(in, ClientCapabilities.class);
        assertThat(c.hasExtension("io.modelcontextprotocol/ui")).isTrue();
        assertThat(c.hasExtension("io.modelcontextprotocol/tasks")).isFalse();
        assertThat(Codec.encode(c)).isEqualTo(in);
    }

    @Test
    void writesServerCapabilitiesWithNestedFlags() {
        ServerCapabilities c = new ServerCapabilities(ServerCapabilities.ToolsCapability.BASIC,
                new ServerCapabilities.PromptsCapability(true), new ServerCapabilities.ResourcesCapability(true, null),
                JsonObject.EMPTY, null, JsonObject.of("io.modelcontextprotocol/tasks", JsonObject.EMPTY), null);
        assertThat(Codec.encode(c)).isEqualTo(Wire.parse("{\"tools\":{},\"prompts\":{\"listChanged\":true},"
                + "\"resources\":{\"subscribe\":true},\"logging\":{},"
                + "\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}"));
        assertThat(c.hasExtension("io.modelcontextprotocol/tasks")).isTrue();
        assertThat(ServerCapabilities.EMPTY.hasExtension("io.modelcontextprotocol/tasks")).isFalse();
    }

    @Test
    void writesEmptyServerCapabilitiesAsAnEmptyObject() {
        assertThat(Codec.encode(ServerCapabilities.EMPTY)).isEqualTo(JsonObject.EMPTY);
    }

    @Test
    void refusesANonBooleanListChanged() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"tools\":{\"listChanged\":\"yes\"}}"),
                ServerCapabilities.class, "result.capabilities"))
                .hasMessage("result.capabilities.tools.listChanged: expected boolean, got string");
    }

    @Test
    void writesADiscoverResultWithServerInfoInMeta() {
        JsonObject meta = JsonObject.of(MetaKeys.SERVER_INFO, Codec.encode(Implementation.of("switchboard", "0.1.0")));
        DiscoverResult r = new DiscoverResult(List.of(ProtocolVersion.V2026_07_28, ProtocolVersion.V2025_11_25),
                new ServerCapabilities(ServerCapabilities.ToolsCapability.BASIC, null, null, null, null, null, null),
                null, 3_600_000, CacheScope.PUBLIC, meta);
        assertThat(Codec.encode(r)).isEqualTo(Wire.parse("{\"resultType\":\"complete\",\"supportedVersions\":"
                + "[\"2026-07-28\",\"2025-11-25\"],\"capabilities\":{\"tools\":{}},\"ttlMs\":3600000,"
                + "\"cacheScope\":\"public\",\"_meta\":{\"io.modelcontextprotocol/serverInfo\":"
                + "{\"name\":\"switchboard\",\"version\":\"0.1.0\"}}}"));
    }

    @Test
    void writesADiscoverResultWithItsFactory() {
        DiscoverResult r = DiscoverResult.of(List.of("2026-07-28"), ServerCapabilities.EMPTY, 0, CacheScope.PUBLIC);
        assertThat(Codec.decode(Codec.encode(r), DiscoverResult.class)).isEqualTo(r);
    }

    @Test
    void writesADiscoverRequestAsItsMetaAlone() {
        assertThat(Codec.encode(DiscoverRequest.of())).isEqualTo(JsonObject.EMPTY);
        JsonObject meta = JsonObject.of(MetaKeys.PROTOCOL_VERSION, Json.of("2026-07-28"));
        assertThat(Codec.encode(new DiscoverRequest(meta))).isEqualTo(JsonObject.of("_meta", meta));
    }

    @Test
    void writesAnImplementationWithIcons() {
        Implementation i = new Implementation("s", "1", "Server", "Does things",
                List.of(new Icon("https://x/dark.png", "image/png", List.of("any"), "dark")), "https://x", null);
        assertThat(Codec.encode(i)).isEqualTo(Wire.parse("{\"name\":\"s\",\"version\":\"1\",\"title\":\"Server\","
                + "\"description\":\"Does things\",\"icons\":[{\"src\":\"https://x/dark.png\",\"mimeType\":\"image/png\","
                + "\"sizes\":[\"any\"],\"theme\":\"dark\"}],\"websiteUrl\":\"https://x\"}"));
    }

    @Test
    void requiresAnImplementationsVersion() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"name\":\"c\"}"), Implementation.class,
                "params._meta.io.modelcontextprotocol/clientInfo"))
                .hasMessage("params._meta.io.modelcontextprotocol/clientInfo.version: required string is missing");
    }

    @Test
    void readsTheSessionEraHandshake() {
        InitializeRequest r = Codec.decode(Wire.parse("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":"
                + "{\"roots\":{\"listChanged\":true}},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}"),
                InitializeRequest.class);
        assertThat(r.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(r.capabilities().roots()).isEqualTo(JsonObject.of("listChanged", Json.of(true)));
        InitializeResult res = new InitializeResult("2025-11-25", ServerCapabilities.EMPTY,
                Implementation.of("s", "1"), "hi", null);
        assertThat(Codec.encode(res)).isEqualTo(Wire.parse("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"serverInfo\":{\"name\":\"s\",\"version\":\"1\"},\"instructions\":\"hi\"}"));
        assertThat(Codec.decode(Codec.encode(res), InitializeResult.class)).isEqualTo(res);
    }

    @Test
    void requiresTheClientInfoOfAnInitialize() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{}}"),
                InitializeRequest.class, "params"))
                .hasMessage("params.clientInfo: required member is missing");
    }
}
