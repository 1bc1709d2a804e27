package dev.switchboard.server.tasks;

/**
 * Whether a tool runs as a task of the Tasks extension ({@code io.modelcontextprotocol/tasks}),
 * listed in {@code tools/list} as {@code execution.taskSupport}.
 */
public enum TaskSupport {
    /** Never a task: the call is always answered synchronously (a tool without a {@link TaskPolicy}). */
    FORBIDDEN("forbidden"),
    /** A task when the request declares the extension; otherwise answered synchronously. */
    OPTIONAL("optional"),
    /** Only as a task: a request that does not declare the extension gets {@code -32021}. */
    REQUIRED("required");

    private final String wireName;

    TaskSupport(String wireName) {
        this.wireName = wireName;
    }

    /** The value of {@code execution.taskSupport}. */
    public String wireName() {
        return wireName;
    }
}
