package dev.switchboard.server.limit;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.server.Interceptor;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.kv.Acquisition;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.SlidingWindow;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code permits} requests per {@code window} per key (the principal, the tool or method,
 * or both), counted as a {@link SlidingWindow} in the shared {@link Counters}: with the Redis
 * backend the limit holds for the whole fleet, not per instance. A refused request is not counted
 * and gets {@link ErrorCode#RATE_LIMITED} (HTTP 429) with {@code data.retryAfterMs}, the time
 * until the window has room for it.
 *
 * <p>When the counters are unreachable the request is let through (and the outage logged): a
 * rate limit protects the service, and refusing everything while Redis is down would not.
 */
public final class RateLimit implements Interceptor {
    private static final System.Logger LOG = System.getLogger(RateLimit.class.getName());

    /** What one budget covers. */
    public enum Per {
        /** Each principal has its own budget across all methods. */
        PRINCIPAL,
        /** Each tool (or, for other requests, each method) has one budget shared by everyone. */
        TOOL,
        /** Each principal has a budget per tool or method. */
        PRINCIPAL_AND_TOOL
    }

    private final Counters counters;
    private final SlidingWindow window;
    private final String keyPrefix;
    private final Per per;
    private final Clock clock;
    private volatile long lastOutageLog;

    /**
     * A limit of {@code permits} requests per {@code window} per {@code per}.
     *
     * @throws IllegalArgumentException when permits is not positive, the window is under 1 s, or
     *                                  the two cannot be counted exactly ({@link SlidingWindow})
     */
    public RateLimit(Counters counters, long permits, Duration window, Per per, Clock clock) {
        this.counters = Objects.requireNonNull(counters, "counters");
        if (permits < 1) {
            throw new IllegalArgumentException("a rate limit needs at least 1 request per window, got " + permits);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a rate-limit window must be at least 1s, got " + window);
        }
        this.window = new SlidingWindow(permits, window);
        // the limit is in the key: a window's counts mean nothing under another limit
        this.keyPrefix = "server-rate:" + permits + "/" + this.window.windowMs() + ":";
        this.per = Objects.requireNonNull(per, "per");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The same with the system clock. */
    public RateLimit(Counters counters, long permits, Duration window, Per per) {
        this(counters, permits, window, per, Clock.systemUTC());
    }

    @Override
    public JsonObject intercept(Chain chain) throws Exception {
        long now = clock.millis();
        Acquisition acquired;
        try {
            acquired = counters.acquire(keyPrefix + subject(chain), window, now);
        } catch (StateUnavailableException e) {
            if (now - lastOutageLog > 60_000) {
                lastOutageLog = now;
                LOG.log(System.Logger.Level.WARNING, "rate limit not enforced while the counters are unavailable: " + e.getMessage());
            }
            return chain.proceed();
        }
        if (!acquired.allowed()) {
            long retryAfter = acquired.retryAfterMs();
            throw new McpException(ErrorCode.RATE_LIMITED, "Rate limit exceeded: at most " + window.permits() + " requests per "
                    + Duration.ofMillis(window.windowMs()).toString().substring(2).toLowerCase() + " " + describe(chain)
                    + "; retry in " + Math.max(1, (retryAfter + 999) / 1000) + " s",
                    JsonObject.builder().put("retryAfterMs", retryAfter).put("limit", window.permits())
                            .put("windowMs", window.windowMs()).build());
        }
        return chain.proceed();
    }

    private String subject(Chain chain) {
        return switch (per) {
            case PRINCIPAL -> "p:" + chain.context().principal().key();
            case TOOL -> "t:" + target(chain);
            case PRINCIPAL_AND_TOOL -> "p:" + chain.context().principal().key() + ":t:" + target(chain);
        };
    }

    private String describe(Chain chain) {
        return switch (per) {
            case PRINCIPAL -> "for " + chain.context().principal().describe();
            case TOOL -> "for " + target(chain);
            case PRINCIPAL_AND_TOOL -> "for " + chain.context().principal().describe() + " on " + target(chain);
        };
    }

    /** The tool for {@code tools/call}, else the method. */
    private static String target(Chain chain) {
        if (Methods.TOOLS_CALL.equals(chain.request().method())) {
            Json name = chain.request().params().get("name");
            if (name instanceof JsonString s) {
                return "tool " + s.value();
            }
        }
        return chain.request().method();
    }
}
