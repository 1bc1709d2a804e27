package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.logging.LoggingMessageNotification;
import dev.switchboard.protocol.logging.SetLevelRequest;
import dev.switchboard.protocol.notifications.CancelledNotification;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.notifications.ProgressNotification;

/** Progress, cancellation, list-changed and logging notifications, and session-era {@code logging/setLevel}. */
final class NotificationCodec {
    private NotificationCodec() {
    }

    static ProgressNotification decodeProgress(Json json, String path) {
        Fields f = Fields.of(json, path);
        Json token = f.raw("progressToken");
        if (token == null || token.isNull()) {
            throw new DecodeException(f.path("progressToken"), "required member is missing");
        }
        if (!(token instanceof JsonString) && !(token instanceof JsonNumber n && n.isIntegral())) {
            throw new DecodeException(f.path("progressToken"), "expected string or integer, got " + token);
        }
        return new ProgressNotification(token, f.number("progress").doubleValue(), f.optDouble("total"),
                f.optString("message"), f.meta());
    }

    static JsonObject encode(ProgressNotification n) {
        return JsonObject.builder().put(Shared.META, n.meta()).put("progressToken", n.progressToken())
                .put("progress", JsonNumber.of(n.progress())).put("total", n.total())
                .put("message", n.message()).build();
    }

    static CancelledNotification decodeCancelled(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new CancelledNotification(f.required("requestId", NotificationCodec::requestId),
                f.optString("reason"), f.meta());
    }

    static JsonObject encode(CancelledNotification n) {
        return JsonObject.builder().put(Shared.META, n.meta()).put("requestId", n.requestId().toJson())
                .put("reason", n.reason()).build();
    }

    static RequestId requestId(Json json, String path) {
        RequestId id = RequestId.fromJson(json);
        if (id == null) {
            throw new DecodeException(path, "expected string or integer, got " + json);
        }
        return id;
    }

    static ListChangedNotification decodeListChanged(Json json, String path) {
        return new ListChangedNotification(Fields.of(json, path).meta());
    }

    static JsonObject encode(ListChangedNotification n) {
        return JsonObject.builder().put(Shared.META, n.meta()).build();
    }

    static LoggingLevel level(Json json, String path) {
        String s = Fields.asString(json, path);
        LoggingLevel level = LoggingLevel.fromWire(s);
        if (level == null) {
            throw new DecodeException(path, "unknown logging level \"" + s + "\"");
        }
        return level;
    }

    static LoggingMessageNotification decodeLoggingMessage(Json json, String path) {
        Fields f = Fields.of(json, path);
        Json data = f.raw("data");
        if (data == null) {
            throw new DecodeException(f.path("data"), "required member is missing");
        }
        return new LoggingMessageNotification(f.required("level", NotificationCodec::level),
                f.optString("logger"), data, f.meta());
    }

    static JsonObject encode(LoggingMessageNotification n) {
        return JsonObject.builder().put(Shared.META, n.meta()).put("level", n.level().wire())
                .put("logger", n.logger()).put("data", n.data()).build();
    }

    static SetLevelRequest decodeSetLevel(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new SetLevelRequest(f.required("level", NotificationCodec::level), f.meta());
    }

    static JsonObject encode(SetLevelRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).put("level", r.level().wire()).build();
    }
}
