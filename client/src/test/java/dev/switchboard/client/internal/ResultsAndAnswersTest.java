package dev.switchboard.client.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClientException;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.roots.Root;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultsAndAnswersTest {
    static final URI ENDPOINT = URI.create("http://127.0.0.1:1/mcp");

    private static CallControl control() {
        return new CallControl(new CallControlTest.ManualTimer(), Duration.ofSeconds(1), null, "tools/call", ENDPOINT);
    }

    @Test
    void aSuccessIsItsResult() {
        JsonObject result = JsonObject.of("content", dev.switchboard.protocol.json.JsonArray.EMPTY);
        assertThat(Results.of("m", new PostResult(200, new Response.Success(RequestId.of(1), result), null, null), ENDPOINT))
                .isSameAs(result);
    }

    @Test
    void aFailureIsAnErrorResponseWithTheStatus() {
        var r = new PostResult(404, new Response.Failure(RequestId.of(1), new JsonRpcError(-32601, "nope", null)), null, null);
        assertThatThrownBy(() -> Results.of("tools/call", r, ENDPOINT)).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.getMessage()).isEqualTo("tools/call failed: nope (Method not found, -32601)");
        });
    }

    @Test
    void noResponseIsAnHttpStatusFailure() {
        McpClientException e = Results.failure("m", new PostResult(503, null, null, "busy"), ENDPOINT);
        assertThat(e.kind()).isEqualTo(McpClientException.Kind.HTTP_STATUS);
        assertThat(e.getMessage()).isEqualTo("m to " + ENDPOINT + " failed with HTTP 503: busy");
        assertThat(Results.failure("m", new PostResult(503, null, null, ""), ENDPOINT).getMessage()).endsWith("HTTP 503");
    }

    @Test
    void decodingNamesTheMemberAtFault() {
        assertThatThrownBy(() -> Results.decode("tools/call", JsonObject.of("content", Json.of(1)), CallToolResult.class, ENDPOINT))
                .isInstanceOfSatisfying(McpClientException.class, e -> {
                    assertThat(e.kind()).isEqualTo(McpClientException.Kind.INVALID_RESPONSE);
                    assertThat(e.getMessage()).contains("result.content");
                });
    }

    @Test
    void answersEveryKeyWithItsHandler() {
        InputAnswers answers = new InputAnswers(r -> ElicitResult.accept(JsonObject.of("n", Json.of("A"))), null,
                r -> ListRootsResult.of(Root.of("file:///x", null)));
        Map<String, InputRequest> asked = new LinkedHashMap<>();
        asked.put("e", InputRequest.elicit(dev.switchboard.protocol.elicitation.ElicitRequest.form("?", JsonObject.EMPTY)));
        asked.put("r", InputRequest.listRoots());
        JsonObject out = answers.answerAll(asked, control());
        assertThat(out.members().keySet()).containsExactly("e", "r");
        assertThat(out.getObject("r").get("roots").toString()).isEqualTo("[{\"uri\":\"file:///x\"}]");
        assertThat(out.getObject("e").has("resultType")).isFalse();
    }

    @Test
    void pausesTheClockWhileAHandlerRuns() {
        CallControlTest.ManualTimer timer = new CallControlTest.ManualTimer();
        CallControl c = new CallControl(timer, Duration.ofSeconds(1), null, "tools/call", ENDPOINT);
        InputAnswers answers = new InputAnswers(null, null, r -> ListRootsResult.of());
        answers.answerAll(Map.of("r", InputRequest.listRoots()), c);
        assertThat(timer.cancelled).isEqualTo(1);
        assertThat(timer.tasks).hasSize(2);
    }

    @Test
    void aSessionEraPingIsAnsweredWithoutHandlers() {
        Response r = new InputAnswers(null, null, null).answer(new Request(RequestId.of("p"), Methods.PING, null), control());
        assertThat(r).isEqualTo(new Response.Success(RequestId.of("p"), JsonObject.EMPTY));
    }

    @Test
    void aFailingSessionEraHandlerBecomesAnInternalError() {
        InputAnswers answers = new InputAnswers(null, null, r -> {
            throw new IllegalStateException("disk gone");
        });
        Response r = answers.answer(new Request(RequestId.of(3), Methods.ROOTS_LIST, null), control());
        assertThat(r).isInstanceOfSatisfying(Response.Failure.class, f -> {
            assertThat(f.error().code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(f.error().message()).contains("disk gone");
        });
    }

    @Test
    void newestSessionEraVersionIsPickedFromWhatIsOffered() {
        assertThat(Connector.newestSessionEra(List.of("2025-03-26", "2025-06-18"))).isEqualTo("2025-06-18");
        assertThat(Connector.newestSessionEra(List.of("2026-07-28"))).isEqualTo("2025-11-25");
        assertThat(Connector.newestSessionEra(List.of())).isEqualTo("2025-11-25");
    }

    @Test
    void defaultOptionsHaveNoCallbacks() {
        assertThat(CallOptions.DEFAULT.log()).isNull();
        assertThat(CallOptions.DEFAULT.cancellation()).isNull();
    }
}
