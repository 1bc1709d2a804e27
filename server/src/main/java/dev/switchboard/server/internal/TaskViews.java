package dev.switchboard.server.internal;

import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.Task;
import dev.switchboard.state.tasks.TaskRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stored {@link TaskRecord} as the extension's wire shapes: what clients see of a task. */
final class TaskViews {
    /** UTC with milliseconds, always the same width: {@code 2026-11-23T10:15:30.123Z}. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private TaskViews() {
    }

    static String time(Instant at) {
        return TIME.format(at);
    }

    /** The task's metadata. */
    static Task task(TaskRecord r) {
        return new Task(r.taskId(), r.status().wireName(), r.statusMessage(), time(r.createdAt()),
                time(r.lastUpdatedAt()), millis(r.ttl()), millis(r.pollInterval()));
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    /** The task with what its status carries, as {@code tasks/get} and {@code notifications/tasks} show it. */
    static DetailedTask detailed(TaskRecord r) {
        Task t = task(r);
        return switch (r.status()) {
            case INPUT_REQUIRED -> new DetailedTask(t, inputRequests(r.inputRequests()), null, null);
            case COMPLETED -> new DetailedTask(t, null, r.result(), null);
            case FAILED -> new DetailedTask(t, null, null, error(r.error()));
            case WORKING, CANCELLED -> DetailedTask.of(t);
        };
    }

    private static Map<String, InputRequest> inputRequests(JsonObject stored) {
        Map<String, InputRequest> out = new LinkedHashMap<>();
        stored.members().forEach((k, v) -> out.put(k, Codec.decode(v, InputRequest.class)));
        return out;
    }

    private static JsonRpcError error(JsonObject stored) {
        Json data = stored.get("data");
        int code = stored.get("code") instanceof JsonNumber n ? (int) n.longValue() : ErrorCode.INTERNAL_ERROR;
        return new JsonRpcError(code, stored.getString("message"), data);
    }
}
