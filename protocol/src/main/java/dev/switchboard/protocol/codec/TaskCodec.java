package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tasks.CancelTaskRequest;
import dev.switchboard.protocol.tasks.CreateTaskResult;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.GetTaskRequest;
import dev.switchboard.protocol.tasks.GetTaskResult;
import dev.switchboard.protocol.tasks.Task;
import dev.switchboard.protocol.tasks.TaskStatusNotification;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tasks.UpdateTaskRequest;

import java.util.function.Function;

/**
 * The Tasks extension: task metadata, the detailed task (its extra member chosen by
 * {@code status}), the task-creating result, {@code tasks/get|update|cancel} params and
 * {@code notifications/tasks}. Every task shape is flat on the wire. {@code ttlMs} is required
 * but may be JSON {@code null} (unlimited), so it is always written.
 */
final class TaskCodec {
    private TaskCodec() {
    }

    static Task decodeTask(Json json, String path) {
        Fields f = Fields.of(json, path);
        String status = f.string("status");
        if (!TasksExtension.STATUSES.contains(status)) {
            throw new DecodeException(f.path("status"), "expected one of working, input_required, completed, failed, "
                    + "cancelled; got \"" + status + "\"");
        }
        return new Task(f.string("taskId"), status, f.optString("statusMessage"), f.string("createdAt"),
                f.string("lastUpdatedAt"), ttlMs(f), f.optLong("pollIntervalMs"));
    }

    /** {@code ttlMs}: required, an integer or JSON null (unlimited). */
    private static Long ttlMs(Fields f) {
        Json v = f.raw("ttlMs");
        if (v == null) {
            throw new DecodeException(f.path("ttlMs"), "required member is missing (null means unlimited)");
        }
        if (v.isNull()) {
            return null;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || !n.fitsLong()) {
            throw new DecodeException(f.path("ttlMs"), "expected integer or null, got " + v);
        }
        return n.longValue();
    }

    static JsonObject encode(Task t) {
        return members(JsonObject.builder(), t).build();
    }

    private static JsonObject.Builder members(JsonObject.Builder b, Task t) {
        return b.put("taskId", t.taskId()).put("status", t.status()).put("statusMessage", t.statusMessage())
                .put("createdAt", t.createdAt()).put("lastUpdatedAt", t.lastUpdatedAt())
                .put("ttlMs", t.ttlMs() == null ? JsonNull.INSTANCE : Json.of(t.ttlMs()))
                .put("pollIntervalMs", t.pollIntervalMs());
    }

    static DetailedTask decodeDetailedTask(Json json, String path) {
        Fields f = Fields.of(json, path);
        Task task = decodeTask(json, path);
        return switch (task.status()) {
            case TasksExtension.INPUT_REQUIRED -> {
                var requests = f.optMap("inputRequests", MrtrCodec::decodeInputRequest);
                if (requests == null) {
                    throw new DecodeException(f.path("inputRequests"), "required object is missing");
                }
                yield new DetailedTask(task, requests, null, null);
            }
            case TasksExtension.COMPLETED -> new DetailedTask(task, null, f.object("result"), null);
            case TasksExtension.FAILED -> new DetailedTask(task, null, null, f.required("error", ErrorCodec::decodeError));
            default -> DetailedTask.of(task);
        };
    }

    static JsonObject encode(DetailedTask d) {
        return detailed(JsonObject.builder(), d).build();
    }

    private static JsonObject.Builder detailed(JsonObject.Builder b, DetailedTask d) {
        return members(b, d.task())
                .put("inputRequests", Shared.object(d.inputRequests(), MrtrCodec::encode))
                .put("result", d.result())
                .put("error", d.error() == null ? null : ErrorCodec.encode(d.error()));
    }

    static CreateTaskResult decodeCreateTaskResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        String rt = f.string(Shared.RESULT_TYPE);
        if (!TasksExtension.RESULT_TYPE.equals(rt)) {
            throw new DecodeException(f.path(Shared.RESULT_TYPE), "expected \"task\", got \"" + rt + "\"");
        }
        return new CreateTaskResult(decodeTask(json, path), f.meta());
    }

    static JsonObject encode(CreateTaskResult r) {
        return members(JsonObject.builder().put(Shared.RESULT_TYPE, TasksExtension.RESULT_TYPE), r.task())
                .put(Shared.META, r.meta()).build();
    }

    static GetTaskResult decodeGetTaskResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new GetTaskResult(decodeDetailedTask(json, path), f.meta());
    }

    static JsonObject encode(GetTaskResult r) {
        return detailed(Shared.completeResult(), r.task()).put(Shared.META, r.meta()).build();
    }

    static GetTaskRequest decodeGetTaskRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new GetTaskRequest(f.string("taskId"), f.meta());
    }

    static JsonObject encode(GetTaskRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).put("taskId", r.taskId()).build();
    }

    static CancelTaskRequest decodeCancelTaskRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new CancelTaskRequest(f.string("taskId"), f.meta());
    }

    static JsonObject encode(CancelTaskRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).put("taskId", r.taskId()).build();
    }

    static UpdateTaskRequest decodeUpdateTaskRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        String taskId = f.string("taskId");
        f.required("inputResponses", Fields::of);
        return new UpdateTaskRequest(taskId, Shared.optRawMap(f, "inputResponses"), f.meta());
    }

    static JsonObject encode(UpdateTaskRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).put("taskId", r.taskId())
                .put("inputResponses", Shared.object(r.inputResponses(), Function.identity())).build();
    }

    static TaskStatusNotification decodeTaskStatusNotification(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new TaskStatusNotification(decodeDetailedTask(json, path), f.meta());
    }

    static JsonObject encode(TaskStatusNotification n) {
        return detailed(JsonObject.builder().put(Shared.META, n.meta()), n.task()).build();
    }
}
