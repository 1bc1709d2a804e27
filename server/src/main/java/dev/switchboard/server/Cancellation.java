package dev.switchboard.server;

import java.util.concurrent.CancellationException;

/**
 * Tells a handler its request was cancelled: the client closed the response stream (HTTP), sent
 * {@code notifications/cancelled} (stdio, session era), or the server is stopping. The handler's
 * virtual thread is also interrupted, so blocking calls end early.
 */
public interface Cancellation {

    /** True once the request is cancelled. */
    boolean isCancelled();

    /** Throws {@link CancellationException} when cancelled; call it between units of work. */
    default void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancellationException("request cancelled");
        }
    }

    /** Runs {@code action} once on cancellation (at once if already cancelled). */
    void onCancel(Runnable action);
}
