package dev.switchboard.policy;

import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.state.kv.Counters;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Enforces a decision's {@link Limit}s in the shared {@link Counters}, in fixed windows aligned to
 * the clock: with the Redis backend every instance counts into the same counter, so the limit
 * holds for the fleet. Each limit is counted in turn; the first one over its rate refuses the call
 * with {@code -31429} (HTTP 429, {@code Retry-After}) and {@code data.retryAfterMs}, the time to
 * the end of its window. A limit counted before a later one refused keeps that count: a fixed
 * window is an approximation anyway, and never in the caller's favour.
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

    /** Counts this call against every limit of {@code decision}; throws -31429 at the first one exceeded. */
    void check(PolicyRequest request, Decision decision) {
        for (Limit limit : decision.limits()) {
            long windowMs = limit.window().toMillis();
            long now = clock.millis();
            long index = now / windowMs;
            List<String> values = values(limit, request);
            String key = "policy-limit:" + limit.ruleId() + ":" + limit.rate() + ":" + index + ":" + String.join("\u001f", values);
            long used = counters.increment(key, limit.window());
            if (used > limit.permits()) {
                long retryAfter = Math.max(1, (index + 1) * windowMs - now);
                throw new McpException(ErrorCode.RATE_LIMITED, "Rate limit of rule " + limit.ruleId() + " reached: at most "
                        + limit.describe() + (values.isEmpty() ? "" : " (" + String.join(", ", labels(limit, values)) + ")")
                        + "; retry in " + (retryAfter + 999) / 1000 + " s",
                        JsonObject.builder().put("retryAfterMs", retryAfter).put("rule", limit.ruleId())
                                .put("rate", limit.rate()).put("limit", limit.permits()).put("windowMs", windowMs)
                                .put("per", JsonArray.ofStrings(limit.per().stream().map(Limit.Key::wireName).toList()))
                                .put("bundle", decision.bundleHash()).build());
            }
        }
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
