package dev.switchboard.client;

import dev.switchboard.protocol.tasks.CreateTaskResult;
import dev.switchboard.protocol.tasks.Task;
import dev.switchboard.protocol.tools.CallToolResult;

import java.util.Objects;

/**
 * What a {@code tools/call} that allowed a task ({@link McpClient#callToolAsTask}) came back
 * with: the tool's result at once, or a task to follow. The server alone decides, per call.
 *
 * <pre>{@code
 * switch (client.callToolAsTask(request, CallOptions.DEFAULT)) {
 *     case ToolCallOutcome.Completed c -> show(c.result());
 *     case ToolCallOutcome.TaskCreated t -> save(t.task().taskId()); // later: client.awaitTask(id, options)
 * }
 * }</pre>
 */
public sealed interface ToolCallOutcome permits ToolCallOutcome.Completed, ToolCallOutcome.TaskCreated {

    /**
     * The server answered at once, as {@link McpClient#callTool} would have.
     *
     * @param result the tool's result; a failed tool has {@code isError} set
     */
    record Completed(CallToolResult result) implements ToolCallOutcome {
        /** Validates the required member. */
        public Completed {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The server runs the call as a task ({@code "resultType":"task"}); follow it with
     * {@link McpClient#awaitTask}, {@link McpClient#getTask}, {@link McpClient#updateTask} and
     * {@link McpClient#cancelTask}.
     *
     * @param created the server's answer: the task as created, and its {@code _meta}
     */
    record TaskCreated(CreateTaskResult created) implements ToolCallOutcome {
        /** Validates the required member. */
        public TaskCreated {
            Objects.requireNonNull(created, "created");
        }

        /** The task as created (its id, status and suggested poll interval). */
        public Task task() {
            return created.task();
        }
    }
}
