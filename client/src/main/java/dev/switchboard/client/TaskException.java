package dev.switchboard.client;

import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.tasks.DetailedTask;

import java.util.Objects;

/**
 * Waiting for a task ({@link McpClient#callToolAndWait}, {@link McpClient#awaitTask}) ended
 * without a result. {@link #kind()} says why:
 * <ul>
 *   <li>{@link Kind#ERROR_RESPONSE}: the task {@code failed} ({@link #error()} is its JSON-RPC
 *       error), or the server no longer knows the task ({@code -32602}: expired after its
 *       {@code ttlMs}, or never existed; {@link #error()} is that error and the cause is the
 *       {@link ErrorResponseException});</li>
 *   <li>{@link Kind#CANCELLED}: the task ended {@code cancelled} (by the server or another
 *       client), or the caller cancelled the wait (token, interrupt), in which case the client
 *       has sent {@code tasks/cancel};</li>
 *   <li>{@link Kind#TIMEOUT}: {@link CallOptions#taskTimeout()} passed; {@code tasks/cancel} was sent;</li>
 *   <li>{@link Kind#INPUT}: the task asked for input the client cannot give; {@code tasks/cancel} was sent;</li>
 *   <li>anything else: a request failed (transport, HTTP status, client closed); the task may
 *       still be running, so {@link #taskId()} can be awaited again.</li>
 * </ul>
 */
public final class TaskException extends McpClientException {
    private final String taskId;
    private final transient DetailedTask lastSeen;
    private final transient JsonRpcError error;

    /**
     * A task wait that ended without a result.
     *
     * @param kind     why
     * @param message  a message a person can act on
     * @param taskId   the task
     * @param lastSeen the task as last read from the server, or null
     * @param error    the task's or the server's JSON-RPC error, or null
     * @param cause    the underlying failure, or null
     */
    public TaskException(Kind kind, String message, String taskId, DetailedTask lastSeen, JsonRpcError error,
                         Throwable cause) {
        super(kind, message, cause instanceof McpClientException m ? m.httpStatus() : 0, cause);
        this.taskId = Objects.requireNonNull(taskId, "taskId");
        this.lastSeen = lastSeen;
        this.error = error;
    }

    /** The task's id, e.g. to await it again after a transport failure. */
    public String taskId() {
        return taskId;
    }

    /** The task as last read from the server ({@code failed} and {@code cancelled} ones included), or null. */
    public DetailedTask lastSeen() {
        return lastSeen;
    }

    /** The failed task's JSON-RPC error, or the server's error when it no longer knows the task; else null. */
    public JsonRpcError error() {
        return error;
    }
}
