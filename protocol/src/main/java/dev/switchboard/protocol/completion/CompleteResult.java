package dev.switchboard.protocol.completion;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * Result of {@code completion/complete}.
 *
 * @param completion the suggestions; required
 * @param meta       {@code _meta}, or null
 */
public record CompleteResult(Completion completion, JsonObject meta) {
    /** Validates the required members. */
    public CompleteResult {
        Objects.requireNonNull(completion, "completion");
    }

    /** A complete list of suggestions. */
    public static CompleteResult of(String... values) {
        return new CompleteResult(new Completion(List.of(values), values.length, false), null);
    }

    /**
     * Suggested values.
     *
     * @param values  at most 100 suggestions; required
     * @param total   how many exist in all, or null
     * @param hasMore true when more exist than returned, or null
     */
    public record Completion(List<String> values, Integer total, Boolean hasMore) {
        /** Validates the required members. */
        public Completion {
            values = Copies.requiredList(values, "values");
        }
    }
}
