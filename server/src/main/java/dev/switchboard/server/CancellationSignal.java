package dev.switchboard.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The transport's side of {@link Cancellation}: a transport creates one per request and calls
 * {@link #cancel()} when the client goes away. Thread-safe; cancelling twice is harmless.
 */
public final class CancellationSignal implements Cancellation {
    private final List<Runnable> actions = new ArrayList<>();
    private volatile boolean cancelled;

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable action) {
        synchronized (actions) {
            if (!cancelled) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }

    /** Cancels the request and runs the registered actions once. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (actions) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(actions);
            actions.clear();
        }
        for (Runnable r : toRun) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // one failing action must not stop the others
            }
        }
    }
}
