package dev.switchboard.protocol.notifications;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.RequestId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationRecordsTest {

    @Test
    void acceptsStringAndIntegerProgressTokens() {
        assertThat(ProgressNotification.of(Json.of("t"), 1, null, null).progressToken()).isEqualTo(Json.of("t"));
        assertThat(ProgressNotification.of(Json.of(5), 1, null, null).progressToken()).isEqualTo(Json.of(5));
        assertThat(ProgressNotification.of(JsonNumber.of(5.0), 1, null, null).progressToken()).isEqualTo(Json.of(5));
    }

    @Test
    void refusesOtherProgressTokens() {
        assertThatThrownBy(() -> ProgressNotification.of(JsonNumber.of(0.5), 1, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProgressNotification.of(JsonObject.EMPTY, 1, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProgressNotification.of(null, 1, null, null)).hasMessage("progressToken");
    }

    @Test
    void buildsCancellations() {
        CancelledNotification c = CancelledNotification.of(RequestId.of(3), null);
        assertThat(c.requestId()).isEqualTo(RequestId.of(3));
        assertThat(c.reason()).isNull();
        assertThatThrownBy(() -> CancelledNotification.of(null, "r")).hasMessage("requestId");
    }

    @Test
    void buildsListChangedParams() {
        assertThat(ListChangedNotification.of().meta()).isNull();
    }
}
