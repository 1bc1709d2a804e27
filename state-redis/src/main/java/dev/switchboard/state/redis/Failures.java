package dev.switchboard.state.redis;

import dev.switchboard.state.StateUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns Lettuce's exceptions into ours at one boundary: anything that means "Redis is not
 * there or not answering" becomes {@link StateUnavailableException}; Redis refusing a command
 * for another reason (a wrong type under a key, a script error) is a bug and becomes
 * {@link IllegalStateException}. Messages name the endpoint and the operation, never a key or value.
 */
final class Failures {
    /** Error prefixes with which a healthy-but-busy or failing-over Redis refuses commands. */
    private static final Set<String> UNAVAILABLE_CODES =
            Set.of("LOADING", "BUSY", "MASTERDOWN", "READONLY", "OOM", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS");

    private final String endpoint;
    private final Duration timeout;

    Failures(String endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    /** Runs one Redis call, translating its failure. */
    <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (RedisException e) {
            throw translate(operation, e);
        }
    }

    /** Runs one Redis call that returns nothing, translating its failure. */
    void run(String operation, Runnable call) {
        try {
            call.run();
        } catch (RedisException e) {
            throw translate(operation, e);
        }
    }

    RuntimeException translate(String operation, RedisException e) {
        if (e instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt(); // keep the interrupt for the caller's loop
            return new StateUnavailableException(endpoint + ": interrupted while waiting for " + operation, e);
        }
        if (e instanceof RedisCommandExecutionException && !isUnavailable(e.getMessage())) {
            return new IllegalStateException(endpoint + " refused " + operation + ": " + e.getMessage(), e);
        }
        return unavailable(operation, e);
    }

    StateUnavailableException unavailable(String operation, Throwable cause) {
        String why = cause instanceof RedisCommandTimeoutException
                ? "no answer within " + timeout.toMillis() + " ms"
                : String.valueOf(rootMessage(cause));
        return new StateUnavailableException(endpoint + " is unavailable (" + operation + "): " + why, cause);
    }

    private static boolean isUnavailable(String message) {
        if (message == null) {
            return false;
        }
        int space = message.indexOf(' ');
        return UNAVAILABLE_CODES.contains(space < 0 ? message : message.substring(0, space));
    }

    private static String rootMessage(Throwable t) {
        String message = t.getMessage();
        Throwable c = t.getCause();
        for (int depth = 0; c != null && c != t && depth < 4; depth++, t = c, c = c.getCause()) {
            if (c.getMessage() != null) {
                message = message + " (" + c.getMessage() + ")";
            }
        }
        return message;
    }
}
