package dev.switchboard.server;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.tasks.TaskContext;

/**
 * One invocation of a tool, as the handler sees it.
 *
 * @param context   the request's context (caller, progress, logging, cancellation); for a task,
 *                  the context of the request that created it (principal, capabilities), with
 *                  cancellation wired to the task
 * @param name      the tool name
 * @param arguments the arguments, already valid against the tool's {@code inputSchema}
 * @param responses answers to the previous round's input requests ({@link InputResponses#NONE} first);
 *                  in a task, every answer received so far
 * @param state     the state the handler returned with its last "input required" (or a task's
 *                  start state from its {@link dev.switchboard.server.tasks.TaskPreparation}), or null
 * @param task      the task this call runs in, or null when it is answered synchronously
 */
public record ToolCall(RequestContext context, String name, JsonObject arguments, InputResponses responses,
                       JsonObject state, TaskContext task) {

    /** A call answered synchronously (no task). */
    public ToolCall(RequestContext context, String name, JsonObject arguments, InputResponses responses,
                    JsonObject state) {
        this(context, name, arguments, responses, state, null);
    }

    /** True when this call runs as a task of the Tasks extension. */
    public boolean inTask() {
        return task != null;
    }
}
