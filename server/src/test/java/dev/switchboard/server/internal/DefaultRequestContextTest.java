package dev.switchboard.server.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.RecordingSink;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The runtime's request context: progress and logging rules in isolation. */
class DefaultRequestContextTest {
    private final RecordingSink sink = new RecordingSink();
    private final CancellationSignal signal = new CancellationSignal();

    private DefaultRequestContext context(Json progressToken, LoggingLevel level) {
        return new DefaultRequestContext(RequestId.of(1), "tools/call", "2026-07-28", ClientCapabilities.EMPTY, null,
                dev.switchboard.server.Principal.user("", "alice", java.util.Set.of()), JsonObject.EMPTY, progressToken, level, sink, signal);
    }

    @Test
    void exposesWhatItWasBuiltWith() {
        DefaultRequestContext ctx = context(null, null);
        assertThat(ctx.requestId()).isEqualTo(RequestId.of(1));
        assertThat(ctx.method()).isEqualTo("tools/call");
        assertThat(ctx.protocolVersion()).isEqualTo("2026-07-28");
        assertThat(ctx.clientCapabilities()).isEqualTo(ClientCapabilities.EMPTY);
        assertThat(ctx.clientInfo()).isNull();
        assertThat(ctx.principal().subject()).isEqualTo("alice");
        assertThat(ctx.meta()).isEqualTo(JsonObject.EMPTY);
        assertThat(ctx.cancellation()).isSameAs(signal);
    }

    @Test
    void sendsStrictlyIncreasingProgressOnly() {
        DefaultRequestContext ctx = context(Json.of("t"), null);
        for (double p : new double[]{0, 0, 1, 0.5, 2, 2, 10}) {
            ctx.progress(p, null, null);
        }
        assertThat(sink.all()).extracting(n -> ((JsonNumber) n.params().get("progress")).doubleValue())
                .containsExactly(0.0, 1.0, 2.0, 10.0);
    }

    @Test
    void dropsNonFiniteProgressWithoutThrowing() {
        DefaultRequestContext ctx = context(Json.of("t"), null);
        ctx.progress(1, null, null);
        ctx.progress(Double.NaN, null, null);
        ctx.progress(0.5, null, null);
        ctx.progress(Double.NEGATIVE_INFINITY, null, null);
        ctx.progress(Double.POSITIVE_INFINITY, null, null);
        ctx.progress(2, null, null);
        assertThat(sink.all()).extracting(n -> ((JsonNumber) n.params().get("progress")).doubleValue())
                .containsExactly(1.0, 2.0);
    }

    @Test
    void aProgressThatFailsToEncodeDoesNotCountAsSent() {
        DefaultRequestContext ctx = context(Json.of("t"), null);
        try {
            ctx.progress(5, Double.NaN, null);
        } catch (IllegalArgumentException expected) {
            // a NaN total cannot be written as JSON
        }
        ctx.progress(3, null, null);
        assertThat(sink.all()).extracting(n -> ((JsonNumber) n.params().get("progress")).doubleValue())
                .containsExactly(3.0);
    }

    @Test
    void sendsNothingAfterFinish() {
        DefaultRequestContext ctx = context(Json.of("t"), LoggingLevel.DEBUG);
        ctx.finish();
        ctx.progress(1, null, null);
        ctx.log(LoggingLevel.EMERGENCY, null, Json.of("x"));
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void logsAtOrAboveTheLevel() {
        DefaultRequestContext ctx = context(null, LoggingLevel.ERROR);
        for (LoggingLevel l : LoggingLevel.values()) {
            ctx.log(l, "x", Json.of(l.wire()));
        }
        assertThat(sink.all()).extracting(n -> n.params().getString("level"))
                .containsExactly("error", "critical", "alert", "emergency");
        assertThat(sink.all()).allSatisfy(n -> assertThat(n.method()).isEqualTo("notifications/message"));
    }

    @Test
    void neverLogsWithoutALevel() {
        DefaultRequestContext ctx = context(Json.of("t"), null);
        ctx.log(LoggingLevel.EMERGENCY, null, Json.of("x"));
        assertThat(ctx.isLoggable(LoggingLevel.EMERGENCY)).isFalse();
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void neverSendsProgressWithoutAToken() {
        context(null, LoggingLevel.DEBUG).progress(1, 1.0, "x");
        assertThat(sink.all()).isEmpty();
    }
}
