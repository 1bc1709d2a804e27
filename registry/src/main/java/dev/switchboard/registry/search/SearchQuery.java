package dev.switchboard.registry.search;

import dev.switchboard.registry.entry.Status;

import java.util.Objects;
import java.util.Set;

/**
 * What to look for. Free text matches names, titles, descriptions and tools (Lucene query syntax
 * is allowed, and text that is not valid syntax is searched literally). Each filter keeps entries
 * that have any of its values; an empty filter keeps everything. All filters must hold.
 *
 * @param text             words to match, or blank to match every entry
 * @param transports       e.g. {@code streamable-http}, {@code sse}, {@code stdio}
 * @param protocolVersions e.g. {@code 2026-07-28} (known from Server Cards)
 * @param capabilities     e.g. {@code tools}, {@code resources} (known from Server Cards)
 * @param tags             the publisher's tags, compared case-insensitively
 * @param statuses         lifecycle statuses; empty means active and deprecated
 * @param latestOnly       only the latest version of each server
 * @param limit            the most hits to return (1–100)
 */
public record SearchQuery(String text, Set<String> transports, Set<String> protocolVersions, Set<String> capabilities,
                          Set<String> tags, Set<Status> statuses, boolean latestOnly, int limit) {
    /** The largest {@code limit}. */
    public static final int MAX_LIMIT = 100;

    public SearchQuery {
        text = text == null ? "" : text.strip();
        transports = Set.copyOf(Objects.requireNonNull(transports, "transports"));
        protocolVersions = Set.copyOf(Objects.requireNonNull(protocolVersions, "protocolVersions"));
        capabilities = Set.copyOf(Objects.requireNonNull(capabilities, "capabilities"));
        tags = Set.copyOf(Objects.requireNonNull(tags, "tags"));
        statuses = Set.copyOf(Objects.requireNonNull(statuses, "statuses"));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** Free text only, latest versions, at most ten hits. */
    public static SearchQuery text(String text) {
        return new SearchQuery(text, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), true, 10);
    }
}
