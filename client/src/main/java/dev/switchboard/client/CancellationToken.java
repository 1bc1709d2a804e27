package dev.switchboard.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Cancels calls from another thread. Pass it in {@link CallOptions}; {@link #cancel()} then ends
 * the call with {@link McpClientException.Kind#CANCELLED}. On MCP 2026-07-28 the client closes the
 * call's HTTP stream (a disconnect is the cancellation); in the session era it also sends
 * {@code notifications/cancelled}. One token may cancel several calls. Interrupting the calling
 * thread has the same effect. Thread-safe.
 *
 * <pre>{@code
 * CancellationToken token = new CancellationToken();
 * executor.submit(() -> client.callTool(request, CallOptions.builder().cancellation(token).build()));
 * token.cancel();
 * }</pre>
 */
public final class CancellationToken {
    private final List<Runnable> actions = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    /** A token that is not cancelled. */
    public CancellationToken() {
    }

    /** Cancels; runs every registered action once. Later calls do nothing. */
    public void cancel() {
        synchronized (actions) {
            if (cancelled) {
                return;
            }
            cancelled = true;
        }
        for (Runnable r : actions) {
            r.run();
        }
    }

    /** True once {@link #cancel()} ran. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Runs {@code action} on cancellation (at once, on this thread, when already cancelled).
     *
     * @return a handle that unregisters the action; call it when the guarded work ends
     */
    public Runnable onCancel(Runnable action) {
        synchronized (actions) {
            if (!cancelled) {
                actions.add(action);
                return () -> actions.remove(action);
            }
        }
        action.run();
        return () -> { };
    }
}
