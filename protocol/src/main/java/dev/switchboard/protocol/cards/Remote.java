package dev.switchboard.protocol.cards;

import dev.switchboard.protocol.internal.Copies;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP endpoint of the server, as listed in a card's {@code remotes}.
 *
 * @param type                      {@link #STREAMABLE_HTTP} or {@link #SSE}; required
 * @param url                       the endpoint, possibly with {@code {variable}} templates; required
 * @param headers                   headers the client sends, or null
 * @param variables                 the template variables of {@code url}, or null
 * @param supportedProtocolVersions revisions served there (as {@code server/discover} says), or null
 */
public record Remote(String type, String url, List<KeyValueInput> headers, Map<String, Input> variables,
                     List<String> supportedProtocolVersions) {
    /** Streamable HTTP, the transport of MCP 2026-07-28. */
    public static final String STREAMABLE_HTTP = "streamable-http";
    /** The old HTTP+SSE transport. */
    public static final String SSE = "sse";

    /** Checks the required members. */
    public Remote {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        headers = Copies.list(headers, "headers");
        variables = Copies.map(variables, "variables");
        supportedProtocolVersions = Copies.list(supportedProtocolVersions, "supportedProtocolVersions");
    }

    /** A Streamable HTTP endpoint serving {@code versions}. */
    public static Remote streamableHttp(String url, List<String> versions) {
        return new Remote(STREAMABLE_HTTP, url, null, null, versions);
    }
}
