package dev.switchboard.client;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.logging.LoggingMessageNotification;
import dev.switchboard.protocol.notifications.ProgressNotification;
import dev.switchboard.protocol.tools.CallToolRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress and log notifications of one call reach its callbacks, in both eras. */
class ProgressAndLoggingTest extends DemoBehindProxy {

    private static final CallToolRequest COUNT_TO_3 = CallToolRequest.of("count_slowly", JsonObject.of("n", Json.of(3)));

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void progressCallbackGetsEveryStep(Era era) {
        List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpClient client = RealServers.client(demo.endpoint(), era)) {
            var r = client.callTool(COUNT_TO_3, CallOptions.builder().onProgress(progress::add).build());
            assertThat(RealServers.text(r)).isEqualTo("counted to 3");
        }
        assertThat(progress).extracting(ProgressNotification::progress).containsExactly(1.0, 2.0, 3.0);
        assertThat(progress).extracting(ProgressNotification::total).containsOnly(3.0);
        assertThat(progress.getFirst().message()).isEqualTo("counted 1");
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void logCallbackGetsTheServersLogLines(Era era) {
        List<LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
        try (McpClient client = RealServers.client(demo.endpoint(), era)) {
            client.callTool(COUNT_TO_3, CallOptions.builder().onLog(LoggingLevel.INFO, logs::add).build());
        }
        assertThat(logs).extracting(l -> l.data().asString()).containsExactly("step 1", "step 2", "step 3");
        assertThat(logs).extracting(LoggingMessageNotification::logger).containsOnly("count_slowly");
    }

    @Test
    void modernRequestsCarryTheProgressTokenAndLogLevelInMeta() {
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.MODERN).build()) {
            client.callTool(COUNT_TO_3, CallOptions.builder().onProgress(p -> { })
                    .onLog(LoggingLevel.WARNING, l -> { }).build());
        }
        JsonObject meta = proxy.seen("tools/call").getLast().body().getObject("params").getObject("_meta");
        assertThat(meta.get(MetaKeys.PROGRESS_TOKEN)).isNotNull();
        assertThat(meta.getString(MetaKeys.LOG_LEVEL)).isEqualTo("warning");
    }

    @Test
    void noLogLevelIsSentWithoutALogListenerAndNoLogsArrive() {
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.MODERN).build()) {
            client.callTool(COUNT_TO_3, CallOptions.DEFAULT);
        }
        JsonObject meta = proxy.seen("tools/call").getLast().body().getObject("params").getObject("_meta");
        assertThat(meta.has(MetaKeys.LOG_LEVEL)).isFalse();
        assertThat(meta.has(MetaKeys.PROGRESS_TOKEN)).isFalse();
    }

    @Test
    void legacyLogLevelIsSetOncePerSessionWhenItChanges() {
        int before = proxy.seen("logging/setLevel").size();
        try (McpClient client = McpClient.builder(proxy.endpoint()).era(Era.LEGACY).build()) {
            CallOptions info = CallOptions.builder().onLog(LoggingLevel.INFO, l -> { }).build();
            client.callTool(CallToolRequest.of("echo", JsonObject.of("text", Json.of("a"))), info);
            client.callTool(CallToolRequest.of("echo", JsonObject.of("text", Json.of("b"))), info);
            List<LoggingMessageNotification> errorsOnly = new CopyOnWriteArrayList<>();
            client.callTool(COUNT_TO_3, CallOptions.builder().onLog(LoggingLevel.ERROR, errorsOnly::add).build());
            assertThat(errorsOnly).isEmpty();
        }
        assertThat(proxy.seen("logging/setLevel")).hasSize(before + 2)
                .extracting(s -> s.body().getObject("params").getString("level")).endsWith("info", "error");
    }

    @Test
    void aThrowingListenerDoesNotLoseTheResult() {
        try (McpClient client = RealServers.client(demo.endpoint(), Era.MODERN)) {
            var r = client.callTool(COUNT_TO_3, CallOptions.builder().onProgress(p -> {
                throw new IllegalStateException("listener bug");
            }).build());
            assertThat(RealServers.text(r)).isEqualTo("counted to 3");
        }
    }
}
