package dev.switchboard.state.tasks;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The statuses of a task in the MCP Tasks extension ({@code io.modelcontextprotocol/tasks}), with
 * the transitions it allows. This enum is the one place that table lives; every backend asks
 * {@link #canMoveTo} (through {@link TaskChange#apply}) and nothing else decides.
 *
 * <pre>
 *   working ⇄ input_required          (and each may stay where it is: a new message, new input requests)
 *   working | input_required → completed | failed | cancelled
 *   completed, failed, cancelled: terminal, never change again
 * </pre>
 *
 * {@code failed} is for JSON-RPC-level errors only; a tool result with {@code isError: true} is
 * {@code completed}.
 */
public enum TaskStatus {
    /** The task is running. */
    WORKING("working"),
    /** The task waits for the client to answer its outstanding input requests. */
    INPUT_REQUIRED("input_required"),
    /** Finished with a result (possibly an {@code isError} tool result). Terminal. */
    COMPLETED("completed"),
    /** Finished with a JSON-RPC error. Terminal. */
    FAILED("failed"),
    /** Cancelled. Terminal. */
    CANCELLED("cancelled");

    private static final Set<TaskStatus> FROM_RUNNING = EnumSet.allOf(TaskStatus.class);
    /** The transition table: status → the statuses it may move to (itself included where allowed). */
    private static final Map<TaskStatus, Set<TaskStatus>> NEXT = Map.of(
            WORKING, FROM_RUNNING,
            INPUT_REQUIRED, FROM_RUNNING,
            COMPLETED, EnumSet.noneOf(TaskStatus.class),
            FAILED, EnumSet.noneOf(TaskStatus.class),
            CANCELLED, EnumSet.noneOf(TaskStatus.class));

    private final String wireName;

    TaskStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The status as the extension spells it, e.g. {@code input_required}. */
    public String wireName() {
        return wireName;
    }

    /** True for {@code completed}, {@code failed} and {@code cancelled}: the task never changes again. */
    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** True when the extension allows a task in this status to move to {@code next}. */
    public boolean canMoveTo(TaskStatus next) {
        return NEXT.get(this).contains(next);
    }

    /**
     * The status spelled {@code wireName}.
     *
     * @throws IllegalArgumentException for anything the extension does not define
     */
    public static TaskStatus fromWire(String wireName) {
        for (TaskStatus s : values()) {
            if (s.wireName.equals(wireName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a task status: \"" + wireName + "\"");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
