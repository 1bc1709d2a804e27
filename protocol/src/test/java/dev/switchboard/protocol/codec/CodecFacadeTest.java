package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.notifications.ProgressNotification;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsResult;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecFacadeTest {

    @Test
    void supportsEveryProtocolTypeAndNothingElse() {
        assertThat(Codec.supports(CallToolRequest.class)).isTrue();
        assertThat(Codec.supports(Content.class)).isTrue();
        assertThat(Codec.supports(TextContent.class)).isTrue();
        assertThat(Codec.supports(String.class)).isFalse();
        assertThat(Codec.supports(JsonObject.class)).isFalse();
    }

    @Test
    void listsItsTypesWithoutLettingThemChange() {
        assertThat(Codec.supportedTypes()).hasSizeGreaterThan(90).contains(ListToolsResult.class);
        assertThatThrownBy(() -> Codec.supportedTypes().add(String.class))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesToDecodeAnUnsupportedType() {
        assertThatThrownBy(() -> Codec.decode(JsonObject.EMPTY, String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no codec for java.lang.String");
    }

    @Test
    void refusesToEncodeAnUnsupportedValue() {
        assertThatThrownBy(() -> Codec.encode("text"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no codec for java.lang.String");
    }

    @Test
    void namesPathsFromTheRootByDefault() {
        assertThatThrownBy(() -> Codec.decode(JsonObject.EMPTY, CallToolRequest.class))
                .hasMessage("name: required string is missing");
    }

    @Test
    void namesPathsFromParamsForARequest() {
        Request r = new Request(RequestId.of(1), "tools/call", JsonObject.of("name", Json.of(5)));
        assertThatThrownBy(() -> Codec.decodeParams(r, CallToolRequest.class))
                .isInstanceOf(DecodeException.class)
                .hasMessage("params.name: expected string, got number");
    }

    @Test
    void namesPathsFromParamsForANotification() {
        Notification n = new Notification("notifications/progress", JsonObject.of("progress", Json.of(1)));
        assertThatThrownBy(() -> Codec.decodeParams(n, ProgressNotification.class))
                .hasMessage("params.progressToken: required member is missing");
    }

    @Test
    void namesPathsFromResultForAResponse() {
        Response.Success s = new Response.Success(RequestId.of(1), JsonObject.of("content", Json.of("x")));
        assertThatThrownBy(() -> Codec.decodeResult(s, CallToolResult.class))
                .hasMessage("result.content: expected array, got string");
    }

    @Test
    void decodesParamsOfAWellFormedRequest() {
        Request r = new Request(RequestId.of(1), "tools/call", Codec.encode(CallToolRequest.of("t", JsonObject.EMPTY)));
        assertThat(Codec.decodeParams(r, CallToolRequest.class)).isEqualTo(CallToolRequest.of("t", JsonObject.EMPTY));
    }

    @Test
    void encodesThroughTheUnionWhenGivenAVariant() {
        Content c = TextContent.of("x");
        assertThat(Codec.encode(c)).isEqualTo(Codec.encode((Object) TextContent.of("x")));
    }

    @Test
    void reportsInvalidParamsForEveryDecodeFailure() {
        try {
            Codec.decode(Json.of("x"), CallToolRequest.class, "params");
        } catch (DecodeException e) {
            assertThat(e.code()).isEqualTo(-32602);
            assertThat(e.toError().message()).isEqualTo("params: expected object, got string");
            return;
        }
        throw new AssertionError("expected a DecodeException");
    }

    @Test
    void namesAMissingValueAsNothing() {
        assertThatThrownBy(() -> Codec.decode(null, CallToolRequest.class, "params"))
                .hasMessage("params: expected object, got nothing");
    }

    @Test
    void isSafeToUseFromManyThreads() throws Exception {
        Json in = Wire.parse("{\"resultType\":\"complete\",\"tools\":[{\"name\":\"a\",\"inputSchema\":"
                + "{\"type\":\"object\"}}],\"ttlMs\":5,\"cacheScope\":\"public\"}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Callable<Json> task = () -> Codec.encode(Codec.decode(in, ListToolsResult.class));
            var futures = IntStream.range(0, 200).mapToObj(i -> pool.submit(task)).toList();
            for (Future<Json> f : futures) {
                assertThat(f.get()).isEqualTo(in);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
