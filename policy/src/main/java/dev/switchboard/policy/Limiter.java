package dev.switchboard.policy;

import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.state.kv.Acquisition;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.SlidingWindow;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enforces a decision's {@link Limit}s in the shared {@link Counters}, each counted as a
 * {@link SlidingWindow}: with the Redis backend every instance counts into the same windows, so
 * the limit holds for the fleet. All of a decision's limits are taken at once, all or none (one
 * round trip): when one has no room the call is refused with {@code -31429} (HTTP 429,
 * {@code Retry-After}) naming the limit that keeps it waiting longest, with
 * {@code data.retryAfterMs} the time until every limit has room, and no limit counts it.
 *
 * <p>When the counters are unreachable the {@code StateUnavailableException} propagates and the
 * server answers {@code -31503} (retriable): a budget is governance, so it fails closed, unlike
 * the server's own protective {@code RateLimit}.
 */
final class Limiter {
    private final Counters counters;
    private final Clock clock;

    Limiter(Counters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    /** Counts this call against every limit of {@code decision}, or against none and throws -31429. */
    void check(PolicyRequest request, Decision decision) {
        if (decision.limits().isEmpty()) {
            return;
        }
        Map<String, SlidingWindow> windows = new LinkedHashMap<>();
        Map<String, Limit> limits = new LinkedHashMap<>();
        for (Limit limit : decision.limits()) {
            // the rate is in the key: a window's counts mean nothing under another rate
            String key = "policy-rate:" + limit.ruleId() + ":" + limit.rate() + ":" + String.join("\u001f", values(limit, request));
            windows.put(key, new SlidingWindow(limit.permits(), limit.window()));
            limits.put(key, limit);
        }
        Acquisition acquired = counters.acquire(windows, clock.millis());
        if (acquired.allowed()) {
            return;
        }
        Limit limit = limits.get(acquired.longestWait());
        List<String> values = values(limit, request);
        long retryAfter = acquired.retryAfterMs();
        throw new McpException(ErrorCode.RATE_LIMITED, "Rate limit of rule " + limit.ruleId() + " reached: at most "
                + limit.describe() + (values.isEmpty() ? "" : " (" + String.join(", ", labels(limit, values)) + ")")
                + "; retry in " + (retryAfter + 999) / 1000 + " s",
                JsonObject.builder().put("retryAfterMs", retryAfter).put("rule", limit.ruleId())
                        .put("rate", limit.rate()).put("limit", limit.permits()).put("windowMs", limit.window().toMillis())
                        .put("per", JsonArray.ofStrings(limit.per().stream().map(Limit.Key::wireName).toList()))
                        .put("bundle", decision.bundleHash()).build());
    }

    private static List<String> values(Limit limit, PolicyRequest r) {
        List<String> out = new ArrayList<>(limit.per().size());
        for (Limit.Key k : limit.per()) {
            out.add(switch (k) {
                case PRINCIPAL -> r.principal().key();
                case AGENT -> r.principal().agent() == null ? "" : r.principal().agent();
                case SERVER -> r.server();
                case TOOL -> r.method() + " " + r.target();
            });
        }
        return out;
    }

    private static List<String> labels(Limit limit, List<String> values) {
        List<String> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            out.add(switch (limit.per().get(i)) {
                case PRINCIPAL -> "principal " + v;
                case AGENT -> v.isEmpty() ? "no agent" : "agent " + v;
                case SERVER -> "server " + v;
                case TOOL -> v.substring(v.indexOf(' ') + 1);
            });
        }
        return out;
    }

}
