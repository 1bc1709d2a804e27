package dev.switchboard.state.contract;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Bounded polling for behaviour that happens "soon" (expiry, asynchronous delivery): the test waits
 * as long as it must and no longer, and fails with a message instead of hanging. No fixed sleeps.
 */
public final class Await {
    /** How long any contract waits for something that must happen. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Await() {
    }

    /** Polls {@code condition} until it holds, failing after {@link #TIMEOUT}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, TIMEOUT, condition);
    }

    /** Polls {@code condition} until it holds, failing after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
