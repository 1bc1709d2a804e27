package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.logging.LoggingMessageNotification;
import dev.switchboard.protocol.logging.SetLevelRequest;
import dev.switchboard.protocol.notifications.CancelledNotification;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.notifications.ProgressNotification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationCodecTest {

    @Test
    void keepsAStringProgressTokenAsAString() {
        ProgressNotification n = Codec.decode(Wire.parse("{\"progressToken\":\"1\",\"progress\":1}"),
                ProgressNotification.class);
        assertThat(n.progressToken()).isEqualTo(new JsonString("1"));
        assertThat(Codec.encode(n).get("progressToken")).isEqualTo(new JsonString("1"));
    }

    @Test
    void keepsANumericProgressTokenAsANumber() {
        ProgressNotification n = Codec.decode(Wire.parse("{\"progressToken\":1,\"progress\":1}"),
                ProgressNotification.class);
        assertThat(n.progressToken()).isEqualTo(JsonNumber.of(1));
        assertThat(Codec.encode(n).get("progressToken")).isEqualTo(JsonNumber.of(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "true", "{}", "[]"})
    void refusesAProgressTokenThatIsNeitherStringNorInteger(String token) {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"progressToken\":" + token + ",\"progress\":1}"),
                ProgressNotification.class, "params"))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("params.progressToken: expected string or integer");
    }

    @Test
    void refusesANullProgressToken() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"progressToken\":null,\"progress\":1}"),
                ProgressNotification.class, "params"))
                .hasMessage("params.progressToken: required member is missing");
    }

    @Test
    void keepsFractionalProgress() {
        ProgressNotification n = Codec.decode(Wire.parse("{\"progressToken\":\"t\",\"progress\":0.25,\"total\":1.5}"),
                ProgressNotification.class);
        assertThat(n.progress()).isEqualTo(0.25);
        assertThat(n.total()).isEqualTo(1.5);
        assertThat(Codec.encode(n)).isEqualTo(Wire.parse("{\"progressToken\":\"t\",\"progress\":0.25,\"total\":1.5}"));
    }

    @Test
    void writesWholeProgressAsAnInteger() {
        assertThat(Wire.toText(Codec.encode(ProgressNotification.of(Json.of("t"), 50, 100.0, "half"))))
                .isEqualTo("{\"progressToken\":\"t\",\"progress\":50,\"total\":100,\"message\":\"half\"}");
    }

    @Test
    void refusesNonNumericProgress() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"progressToken\":\"t\",\"progress\":\"50%\"}"),
                ProgressNotification.class, "params"))
                .hasMessage("params.progress: expected number, got string");
    }

    @Test
    void refusesABadTokenWhenBuildingANotification() {
        assertThatThrownBy(() -> ProgressNotification.of(Json.of(true), 1, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTheRequestIdTypeOfACancellation() {
        CancelledNotification s = Codec.decode(Wire.parse("{\"requestId\":\"123\"}"), CancelledNotification.class);
        CancelledNotification n = Codec.decode(Wire.parse("{\"requestId\":123}"), CancelledNotification.class);
        assertThat(s.requestId()).isEqualTo(RequestId.of("123"));
        assertThat(n.requestId()).isEqualTo(RequestId.of(123));
        assertThat(Codec.encode(s).get("requestId")).isEqualTo(new JsonString("123"));
        assertThat(Codec.encode(n).get("requestId")).isEqualTo(JsonNumber.of(123));
    }

    @Test
    void refusesACancellationOfAnUnreadableId() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"requestId\":[1]}"), CancelledNotification.class, "params"))
                .hasMessageStartingWith("params.requestId: expected string or integer");
    }

    @Test
    void writesACancellationWithAReason() {
        assertThat(Codec.encode(CancelledNotification.of(RequestId.of("listen-1"), "shutting down")))
                .isEqualTo(Wire.parse("{\"requestId\":\"listen-1\",\"reason\":\"shutting down\"}"));
    }

    @ParameterizedTest
    @EnumSource(LoggingLevel.class)
    void readsAndWritesEveryLoggingLevel(LoggingLevel level) {
        JsonObject in = JsonObject.of("level", Json.of(level.wire()), "data", Json.of("x"));
        LoggingMessageNotification n = Codec.decode(in, LoggingMessageNotification.class);
        assertThat(n.level()).isEqualTo(level);
        assertThat(Codec.encode(n)).isEqualTo(in);
    }

    @Test
    void refusesAnUnknownLoggingLevel() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"level\":\"verbose\",\"data\":1}"),
                LoggingMessageNotification.class, "params"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("params.level: unknown logging level \"verbose\"");
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"level\":\"ERROR\",\"data\":1}"),
                LoggingMessageNotification.class, "params"))
                .hasMessage("params.level: unknown logging level \"ERROR\"");
    }

    @Test
    void keepsLogDataOfAnyKindIncludingNull() {
        for (String data : new String[] {"null", "\"text\"", "42", "[1,{}]", "{\"error\":\"x\"}"}) {
            Json in = Wire.parse("{\"level\":\"info\",\"data\":" + data + "}");
            LoggingMessageNotification n = Codec.decode(in, LoggingMessageNotification.class);
            assertThat(Codec.encode(n)).isEqualTo(in);
        }
        assertThat(Codec.decode(Wire.parse("{\"level\":\"info\",\"data\":null}"), LoggingMessageNotification.class)
                .data()).isEqualTo(JsonNull.INSTANCE);
    }

    @Test
    void requiresLogData() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"level\":\"info\"}"), LoggingMessageNotification.class,
                "params"))
                .hasMessage("params.data: required member is missing");
    }

    @Test
    void writesALogMessageWithItsFactory() {
        assertThat(Codec.encode(LoggingMessageNotification.of(LoggingLevel.WARNING, "db", Json.of("slow"))))
                .isEqualTo(Wire.parse("{\"level\":\"warning\",\"logger\":\"db\",\"data\":\"slow\"}"));
    }

    @Test
    void readsTheSessionEraSetLevel() {
        assertThat(Codec.decode(Wire.parse("{\"level\":\"debug\"}"), SetLevelRequest.class))
                .isEqualTo(new SetLevelRequest(LoggingLevel.DEBUG, null));
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"level\":3}"), SetLevelRequest.class, "params"))
                .hasMessage("params.level: expected string, got number");
    }

    @Test
    void writesListChangedParamsWithASubscriptionId() {
        ListChangedNotification n = new ListChangedNotification(
                JsonObject.of("io.modelcontextprotocol/subscriptionId", Json.of(7)));
        Notification wire = new Notification(Methods.NOTIFICATION_TOOLS_LIST_CHANGED, Codec.encode(n));
        assertThat(JsonRpcCodec.encode(wire)).isEqualTo(Wire.parse("{\"jsonrpc\":\"2.0\","
                + "\"method\":\"notifications/tools/list_changed\","
                + "\"params\":{\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":7}}}"));
    }

    @Test
    void writesListChangedWithoutParamsWhenThereIsNoMeta() {
        Notification wire = new Notification(Methods.NOTIFICATION_PROMPTS_LIST_CHANGED,
                Codec.encode(ListChangedNotification.of()));
        assertThat(JsonRpcCodec.encode(wire)).isEqualTo(Wire.parse(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/prompts/list_changed\"}"));
        assertThat(Codec.decodeParams(wire, ListChangedNotification.class)).isEqualTo(ListChangedNotification.of());
    }
}
