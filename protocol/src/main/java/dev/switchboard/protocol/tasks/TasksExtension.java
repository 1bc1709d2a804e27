package dev.switchboard.protocol.tasks;

import java.util.Set;

/**
 * The MCP Tasks extension ({@code io.modelcontextprotocol/tasks}, SEP-2663): its id, the
 * {@code resultType} it adds and the task statuses, as the extension spells them.
 *
 * <p>Negotiation is per request: a client opts in by putting {@code extensions[ID]: {}} in a
 * request's {@code clientCapabilities}; a server advertises the same object in
 * {@code server/discover}. There are no settings (the capability object is always empty).
 */
public final class TasksExtension {
    /** The extension id, used as a key of {@code capabilities.extensions}. */
    public static final String ID = "io.modelcontextprotocol/tasks";
    /** The {@code resultType} of a {@link CreateTaskResult}. */
    public static final String RESULT_TYPE = "task";

    /** Status: the task is running. */
    public static final String WORKING = "working";
    /** Status: the task waits for answers to its {@code inputRequests}. */
    public static final String INPUT_REQUIRED = "input_required";
    /** Status (terminal): finished with a result, possibly an {@code isError} tool result. */
    public static final String COMPLETED = "completed";
    /** Status (terminal): finished with a JSON-RPC error. */
    public static final String FAILED = "failed";
    /** Status (terminal): cancelled. */
    public static final String CANCELLED = "cancelled";

    /** Every status the extension defines. */
    public static final Set<String> STATUSES = Set.of(WORKING, INPUT_REQUIRED, COMPLETED, FAILED, CANCELLED);
    /** The statuses a task never leaves. */
    public static final Set<String> TERMINAL_STATUSES = Set.of(COMPLETED, FAILED, CANCELLED);

    private TasksExtension() {
    }
}
