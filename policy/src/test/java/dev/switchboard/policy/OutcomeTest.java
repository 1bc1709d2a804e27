package dev.switchboard.policy;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;

/** What a decision record says came of an allowed call. */
class OutcomeTest {

    private static JsonObject json(String text) {
        return (JsonObject) Wire.parse(text);
    }

    @Test
    void aResultSaysHowTheCallEnded() {
        assertThat(Outcome.of(json("{\"content\":[]}"), 5)).isEqualTo(new Outcome("ok", null, null, 5));
        assertThat(Outcome.of(json("{\"content\":[],\"isError\":true}"), 5).status()).isEqualTo("tool_error");
        assertThat(Outcome.of(json("{\"resultType\":\"task\",\"task\":{\"taskId\":\"t-1\",\"status\":\"working\"}}"), 5))
                .isEqualTo(new Outcome("task", null, "t-1", 5));
        assertThat(Outcome.of(json("{\"resultType\":\"input_required\",\"inputRequests\":{}}"), 5).status())
                .isEqualTo("input_required");
    }

    @Test
    void aFailureSaysItsCode() {
        assertThat(Outcome.failed(new McpException(ErrorCode.INVALID_PARAMS, "bad"), 7)).isEqualTo(new Outcome("error",
                ErrorCode.INVALID_PARAMS, null, 7));
        assertThat(Outcome.failed(new IllegalStateException("boom"), 7).errorCode()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(Outcome.failed(new CancellationException(), 7).status()).isEqualTo("cancelled");
    }

    @Test
    void itsMembersInARecord() {
        assertThat(new Outcome("task", null, "t-1", 42).toJson())
                .isEqualTo(json("{\"outcome\":\"task\",\"latencyNanos\":42,\"taskId\":\"t-1\"}"));
        assertThat(new Outcome("error", -32602, null, 42).toJson())
                .isEqualTo(json("{\"outcome\":\"error\",\"latencyNanos\":42,\"errorCode\":-32602}"));
    }
}
