package dev.switchboard.server.tasks;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.ToolCall;

/**
 * The synchronous part of a task tool, run on the {@code tools/call} request itself before the
 * task exists: the place to gather input through MRTR that the task cannot start without (the
 * extension says such input SHOULD be resolved before {@code CreateTaskResult} is returned).
 *
 * <pre>{@code
 * TaskPolicy.required().beforeTask(call -> {
 *     ElicitResult name = call.responses().elicitation("user_name");
 *     return name == null
 *             ? Outcome.inputRequired("user_name", askName, null)      // an input_required result, no task yet
 *             : Outcome.complete(JsonObject.of("name", name.content().get("name")));   // start the task
 * })
 * }</pre>
 *
 * Return {@link Outcome#inputRequired} for another MRTR round (state and answers come back as
 * usual), or {@link Outcome#complete} with the task's start state: the runtime then creates the
 * task and calls the tool's handler in the background with that state as {@link ToolCall#state()}.
 * When the call is answered synchronously instead (an optional task tool called without the
 * extension), the handler runs inline with the same state. Exceptions behave as in a handler.
 */
@FunctionalInterface
public interface TaskPreparation {

    /** Prepares one call; {@code call.task()} is null here. */
    Outcome<JsonObject> prepare(ToolCall call) throws Exception;
}
