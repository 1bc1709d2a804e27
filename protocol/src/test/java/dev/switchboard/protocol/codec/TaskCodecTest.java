package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.EmptyResult;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.schema.JsonSchema;
import dev.switchboard.protocol.tasks.CancelTaskRequest;
import dev.switchboard.protocol.tasks.CreateTaskResult;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.GetTaskRequest;
import dev.switchboard.protocol.tasks.GetTaskResult;
import dev.switchboard.protocol.tasks.Task;
import dev.switchboard.protocol.tasks.TaskStatusNotification;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tasks.UpdateTaskRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Tasks extension's wire shapes against its own schema ({@code spec/ext-tasks/schema.json}):
 * what we encode validates, decoding is strict where the extension is ({@code ttlMs} present,
 * {@code resultType}, statuses), and the extension's vectors round-trip unchanged.
 */
class TaskCodecTest {
    private static final String EXT = "ext-tasks";
    private static final String CREATED = "2026-11-23T10:15:30.123Z";

    private static Task task(String status, Long ttlMs) {
        return new Task("dGFzay0xMjM0NTY3ODkwYWJjZGVm", status, null, CREATED, CREATED, ttlMs, 200L);
    }

    private static void assertValid(String type, Json instance) {
        List<JsonSchema.Violation> v = SpecExamples.schemaFor(EXT, type).validate(instance);
        assertThat(v).as("%s against ext-tasks $defs/%s", instance, type).isEmpty();
    }

    @Test
    void createTaskResultIsFlatWithResultTypeTaskAndValidates() {
        JsonObject out = Codec.encode(CreateTaskResult.of(task(TasksExtension.WORKING, 300_000L)));
        assertThat(out.members().keySet()).containsExactly("resultType", "taskId", "status", "createdAt",
                "lastUpdatedAt", "ttlMs", "pollIntervalMs");
        assertThat(out.getString("resultType")).isEqualTo("task");
        assertThat(Codec.isTask(out)).isTrue();
        assertThat(Codec.isInputRequired(out)).isFalse();
        assertValid("CreateTaskResult", out);
    }

    @Test
    void writesAnUnlimitedTimeToLiveAsJsonNull() {
        JsonObject out = Codec.encode(CreateTaskResult.of(task(TasksExtension.WORKING, null)));
        assertThat(out.get("ttlMs")).isEqualTo(JsonNull.INSTANCE);
        assertValid("CreateTaskResult", out);
        assertThat(Codec.decode(out, CreateTaskResult.class).task().ttlMs()).isNull();
    }

    @Test
    void rejectsATaskWithoutTtlMs() {
        JsonObject noTtl = Codec.encode(task(TasksExtension.WORKING, 5L)).without("ttlMs");
        assertThatThrownBy(() -> Codec.decode(noTtl, Task.class, "result"))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("result.ttlMs:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"soon\"", "1.5", "true", "{}"})
    void rejectsATtlMsThatIsNeitherAnIntegerNorNull(String ttl) {
        JsonObject bad = Codec.encode(task(TasksExtension.WORKING, 5L)).with("ttlMs", Wire.parse(ttl));
        assertThatThrownBy(() -> Codec.decode(bad, Task.class, "result"))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("result.ttlMs:");
    }

    @Test
    void rejectsAnUnknownStatus() {
        JsonObject bad = Codec.encode(task(TasksExtension.WORKING, 5L)).with("status", Json.of("paused"));
        assertThatThrownBy(() -> Codec.decode(bad, Task.class, "result"))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("result.status:");
        assertThatThrownBy(() -> task("paused", 5L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createTaskResultNeedsResultTypeTask() {
        JsonObject complete = Codec.encode(CreateTaskResult.of(task(TasksExtension.WORKING, 5L)))
                .with("resultType", Json.of("complete"));
        assertThatThrownBy(() -> Codec.decode(complete, CreateTaskResult.class, "result"))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("result.resultType:");
    }

    @Test
    void getTaskResultOfEveryStatusValidatesWithResultTypeComplete() {
        JsonObject toolResult = (JsonObject) Wire.parse(
                "{\"resultType\":\"complete\",\"content\":[{\"type\":\"text\",\"text\":\"done\"}],\"isError\":true}");
        InputRequest ask = InputRequest.elicit(ElicitRequest.form("Delete it?", (JsonObject) Wire.parse(
                "{\"type\":\"object\",\"properties\":{\"confirm\":{\"type\":\"boolean\"}},\"required\":[\"confirm\"]}")));
        List<DetailedTask> all = List.of(
                DetailedTask.of(task(TasksExtension.WORKING, 1000L)),
                new DetailedTask(task(TasksExtension.INPUT_REQUIRED, 1000L), Map.of("confirm", ask), null, null),
                new DetailedTask(task(TasksExtension.COMPLETED, 1000L), null, toolResult, null),
                new DetailedTask(task(TasksExtension.FAILED, null), null, null, new JsonRpcError(-32603, "boom", null)),
                DetailedTask.of(task(TasksExtension.CANCELLED, 1000L)));
        for (DetailedTask d : all) {
            JsonObject out = Codec.encode(GetTaskResult.of(d));
            assertThat(out.getString("resultType")).isEqualTo("complete");
            assertThat(out.has("requestState")).isFalse();
            assertValid("GetTaskResult", out);
            assertValid("DetailedTask", Codec.encode(d));
            assertThat(Codec.decode(out, GetTaskResult.class).task()).isEqualTo(d);
        }
    }

    @Test
    void aDetailedTaskCarriesOnlyTheMemberOfItsStatus() {
        JsonObject result = JsonObject.of("resultType", Json.of("complete"), "content", dev.switchboard.protocol.json.JsonArray.EMPTY);
        assertThatThrownBy(() -> new DetailedTask(task(TasksExtension.WORKING, 1L), null, result, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("result");
        assertThatThrownBy(() -> new DetailedTask(task(TasksExtension.COMPLETED, 1L), null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("result");
        assertThatThrownBy(() -> DetailedTask.of(task(TasksExtension.INPUT_REQUIRED, 1L)))
                .isInstanceOf(NullPointerException.class).hasMessage("inputRequests");
    }

    @Test
    void failedTaskWithoutErrorIsADecodeError() {
        JsonObject failed = Codec.encode(task(TasksExtension.FAILED, 1L));
        assertThatThrownBy(() -> Codec.decode(failed, DetailedTask.class, "result"))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("result.error:");
    }

    @Test
    void requestsValidateInsideTheirJsonRpcEnvelope() {
        assertValid("GetTaskRequest", envelope("tasks/get", Codec.encode(GetTaskRequest.of("abc"))));
        assertValid("CancelTaskRequest", envelope("tasks/cancel", Codec.encode(CancelTaskRequest.of("abc"))));
        JsonObject update = Codec.encode(UpdateTaskRequest.of("abc",
                Map.of("confirm", Wire.parse("{\"action\":\"accept\",\"content\":{\"confirm\":true}}"))));
        assertValid("UpdateTaskRequest", envelope("tasks/update", update));
        assertThat(Codec.decode(update, UpdateTaskRequest.class).inputResponses()).containsOnlyKeys("confirm");
    }

    @Test
    void updateRequestNeedsInputResponsesEvenWhenEmpty() {
        JsonObject none = (JsonObject) Wire.parse("{\"taskId\":\"abc\"}");
        assertThatThrownBy(() -> Codec.decode(none, UpdateTaskRequest.class, "params"))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("params.inputResponses:");
        JsonObject empty = none.with("inputResponses", JsonObject.EMPTY);
        assertThat(Codec.decode(empty, UpdateTaskRequest.class).inputResponses()).isEmpty();
    }

    @Test
    void acknowledgementsAreTheEmptyCompleteResult() {
        JsonObject ack = Codec.encode(EmptyResult.of());
        assertValid("UpdateTaskResult", ack);
        assertValid("CancelTaskResult", ack);
    }

    @Test
    void notificationParamsValidateAndCarryTheSubscriptionId() {
        JsonObject meta = JsonObject.of("io.modelcontextprotocol/subscriptionId", Json.of("listen-1"));
        JsonObject params = Codec.encode(new TaskStatusNotification(
                DetailedTask.of(task(TasksExtension.CANCELLED, 1000L)), meta));
        assertValid("TaskStatusNotificationParams", params);
        JsonObject n = JsonObject.of("jsonrpc", Json.of("2.0"), "method", Json.of("notifications/tasks"), "params", params);
        assertValid("TaskStatusNotification", n);
        assertThat(Codec.decode(params, TaskStatusNotification.class).meta()).isEqualTo(meta);
    }

    @Test
    void extensionCapabilityIsAnEmptyObject() {
        assertValid("TasksExtensionCapability", JsonObject.EMPTY);
        assertThat(SpecExamples.schemaFor(EXT, "TasksExtensionCapability")
                .validate(JsonObject.of("x", Json.of(1)))).isNotEmpty();
    }

    @Test
    void aDetailedTaskFromTheExtensionTextRoundTrips() {
        // the extension's input_required example, with the normative resultType ("complete", not "task")
        String text = "{\"resultType\":\"complete\",\"taskId\":\"786512e2-9e0d-44bd-8f29-789f320fe840\","
                + "\"status\":\"input_required\",\"statusMessage\":\"Waiting for confirmation\","
                + "\"createdAt\":\"2025-11-25T10:30:00Z\",\"lastUpdatedAt\":\"2025-11-25T10:50:00Z\",\"ttlMs\":60000,"
                + "\"pollIntervalMs\":5000,\"inputRequests\":{\"confirm\":{\"method\":\"elicitation/create\","
                + "\"params\":{\"mode\":\"form\",\"message\":\"Proceed?\",\"requestedSchema\":{\"type\":\"object\","
                + "\"properties\":{\"ok\":{\"type\":\"boolean\"}},\"required\":[\"ok\"]}}}}}";
        JsonObject in = (JsonObject) Wire.parse(text);
        assertValid("GetTaskResult", in);
        assertThat(Codec.encode(Codec.decode(in, GetTaskResult.class))).isEqualTo(in);
    }

    private static JsonObject envelope(String method, JsonObject params) {
        return JsonObject.builder().put("jsonrpc", "2.0").put("id", 1L).put("method", method).put("params", params).build();
    }
}
