package dev.switchboard.policy;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of evaluating a bundle for one call: the record the audit log will write for it.
 *
 * @param effect          {@link Effect#ALLOW}, {@link Effect#DENY} or {@link Effect#REQUIRE_APPROVAL}
 * @param ruleId          the rule that decided, or null when nothing matched (default deny)
 * @param reason          a sentence for the caller and the audit record
 * @param matchedRules    every enforced rule that matched, in bundle order
 * @param shadow          what the shadow rules matched and would have decided
 * @param redaction       the paths to withhold or mask (empty unless allowed with redact rules)
 * @param errors          rule id → evaluation error, for rules whose condition failed at run time
 * @param bundleHash      {@code sha256:…} of the bundle that decided
 * @param time            when the decision was made
 * @param evaluationNanos how long the evaluation took
 * @param limits          the rate-limit obligations of the enforced rules that matched, in bundle
 *                        order: each must have room before the call runs (empty when denied)
 * @param approvers       for require_approval, the deciding rule's approver groups (empty: the page's own)
 */
public record Decision(Effect effect, String ruleId, String reason, List<String> matchedRules, Shadow shadow,
                       Redaction redaction, Map<String, String> errors, String bundleHash, Instant time,
                       long evaluationNanos, List<Limit> limits, List<String> approvers) {
    public Decision {
        Objects.requireNonNull(effect, "effect");
        if (effect == Effect.REDACT) {
            throw new IllegalArgumentException("redact is an obligation, not a decision");
        }
        Objects.requireNonNull(reason, "reason");
        matchedRules = List.copyOf(matchedRules);
        Objects.requireNonNull(shadow, "shadow");
        Objects.requireNonNull(redaction, "redaction");
        errors = Map.copyOf(errors);
        Objects.requireNonNull(bundleHash, "bundleHash");
        Objects.requireNonNull(time, "time");
        limits = List.copyOf(limits);
        approvers = List.copyOf(approvers);
    }

    /** True when the call may proceed. */
    public boolean allowed() {
        return effect == Effect.ALLOW;
    }

    /**
     * What the shadow rules saw.
     *
     * @param matchedRules the shadow rules that matched
     * @param effect       the decision had the shadow rules been enforced too
     * @param ruleId       the rule that would have decided, or null for default deny
     */
    public record Shadow(List<String> matchedRules, Effect effect, String ruleId) {
        public Shadow {
            matchedRules = List.copyOf(matchedRules);
            Objects.requireNonNull(effect, "effect");
        }
    }

    /** True when enforcing the shadow rules would have changed the effect: the difference to report. */
    public boolean shadowDiffers() {
        return shadow.effect() != effect;
    }

    /**
     * Redaction obligations.
     *
     * @param args   argument paths ({@code card.number}) the audit record must not contain
     * @param result JSON Pointers into the result whose values are masked before it is returned
     */
    public record Redaction(List<String> args, List<String> result) {
        /** Nothing to redact. */
        public static final Redaction NONE = new Redaction(List.of(), List.of());

        public Redaction {
            args = List.copyOf(args);
            result = List.copyOf(result);
        }

        /** True when there is nothing to redact. */
        public boolean isEmpty() {
            return args.isEmpty() && result.isEmpty();
        }

        /**
         * {@code arguments} with the value at each argument path masked (the same object when there
         * is none). An argument path is dotted ({@code card.number}, {@code items.*.secret}) or a
         * JSON Pointer.
         */
        public JsonObject maskArgs(JsonObject arguments) {
            if (args.isEmpty() || arguments == null) {
                return arguments;
            }
            JsonObject out = arguments;
            for (String path : args) {
                out = (JsonObject) replace(out, path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("\\.", -1), 0);
            }
            return out;
        }

        /** {@code result} with the value at each result path masked (the same object when there is none). */
        public JsonObject maskResult(JsonObject value) {
            return result.isEmpty() ? value : mask(value, result);
        }

        /**
         * Replaces the value at each JSON Pointer that exists in {@code result} with {@link PolicyInterceptor#REDACTED};
         * a {@code *} token stands for every element of an array.
         */
        private static JsonObject mask(JsonObject result, List<String> pointers) {
            JsonObject out = result;
            for (String pointer : pointers) {
                String[] tokens = pointer.substring(1).split("/", -1);
                out = (JsonObject) replace(out, tokens, 0);
            }
            return out;
        }

        private static Json replace(Json node, String[] tokens, int i) {
            if (i == tokens.length) {
                return new JsonString(PolicyInterceptor.REDACTED);
            }
            String name = tokens[i].replace("~1", "/").replace("~0", "~");
            if (node instanceof JsonObject o && o.get(name) != null) {
                return o.with(name, replace(o.get(name), tokens, i + 1));
            }
            if (node instanceof JsonArray a) {
                // "*" masks the path in every element; a number in one element.
                int index = name.matches("\\d{1,9}") ? Integer.parseInt(name) : -1;
                if (!name.equals("*") && (index < 0 || index >= a.size())) {
                    return node;
                }
                List<Json> items = new ArrayList<>(a.values());
                for (int k = 0; k < items.size(); k++) {
                    if (name.equals("*") || k == index) {
                        items.set(k, replace(items.get(k), tokens, i + 1));
                    }
                }
                return new JsonArray(items);
            }
            return node; // absent path: nothing to mask
        }
    }

    /** The decision's fields as the audit record carries them (no arguments: the audit hashes those itself). */
    public JsonObject toJson() {
        JsonObject.Builder b = JsonObject.builder()
                .put("decision", effect.wireName())
                .put("reason", reason)
                .put("rules", JsonArray.ofStrings(matchedRules))
                .put("bundle", bundleHash)
                .put("time", time.toString())
                .put("evaluationNanos", evaluationNanos);
        if (ruleId != null) {
            b.put("rule", ruleId);
        }
        if (!shadow.matchedRules().isEmpty() || shadowDiffers()) {
            JsonObject.Builder s = JsonObject.builder()
                    .put("rules", JsonArray.ofStrings(shadow.matchedRules()))
                    .put("decision", shadow.effect().wireName())
                    .put("differs", shadowDiffers());
            if (shadow.ruleId() != null) {
                s.put("rule", shadow.ruleId());
            }
            b.put("shadow", s.build());
        }
        if (!redaction.isEmpty()) {
            b.put("redact", JsonObject.builder()
                    .put("args", JsonArray.ofStrings(redaction.args()))
                    .put("result", JsonArray.ofStrings(redaction.result())).build());
        }
        if (!limits.isEmpty()) {
            b.put("limits", new JsonArray(limits.stream().map(l -> (dev.switchboard.protocol.json.Json) JsonObject.builder()
                    .put("rule", l.ruleId()).put("rate", l.rate())
                    .put("per", JsonArray.ofStrings(l.per().stream().map(Limit.Key::wireName).toList())).build()).toList()));
        }
        if (!errors.isEmpty()) {
            JsonObject.Builder e = JsonObject.builder();
            errors.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(x -> e.put(x.getKey(), x.getValue()));
            b.put("errors", e.build());
        }
        return b.build();
    }
}
