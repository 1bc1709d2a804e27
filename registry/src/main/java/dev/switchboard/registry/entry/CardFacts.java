package dev.switchboard.registry.entry;

import java.util.List;
import java.util.Objects;

/**
 * What a server's Server Card adds to its {@code server.json}, for search: the protocol revisions
 * its remotes speak, the capabilities it declares and the tools it lists. Empty lists when the card
 * says nothing, or when the entry came without a card.
 *
 * @param protocolVersions the revisions its remotes support, e.g. {@code 2026-07-28}
 * @param capabilities     the names of its capabilities, e.g. {@code tools}, {@code resources}
 * @param tools            its tools as the card lists them
 */
public record CardFacts(List<String> protocolVersions, List<String> capabilities, List<ToolFact> tools) {
    /** No card, or a card that says nothing beyond the server.json. */
    public static final CardFacts NONE = new CardFacts(List.of(), List.of(), List.of());

    public CardFacts {
        protocolVersions = List.copyOf(protocolVersions);
        capabilities = List.copyOf(capabilities);
        tools = List.copyOf(tools);
    }

    /**
     * A tool as a card lists it.
     *
     * @param name        its name
     * @param description what it does, or null
     */
    public record ToolFact(String name, String description) {
        public ToolFact {
            Objects.requireNonNull(name, "name");
        }
    }
}
