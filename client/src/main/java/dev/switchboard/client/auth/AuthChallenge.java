package dev.switchboard.client.auth;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The MCP server refused a request: HTTP 401, or 403 with an {@code insufficient_scope} challenge.
 *
 * @param status        401 or 403
 * @param httpMethod    the refused request's method ({@code POST}, {@code GET}, ...)
 * @param uri           the refused request's URI (the MCP endpoint)
 * @param challenges    the parsed {@code WWW-Authenticate} challenges (empty when there was none)
 * @param credentials   the {@code Authorization} value the refused request carried, or null
 * @param headers       the refusal's response headers that authorizers may need, lower-case names
 *                      ({@code www-authenticate}, {@code dpop-nonce})
 */
public record AuthChallenge(int status, String httpMethod, URI uri, List<Challenge> challenges, String credentials,
                            Map<String, String> headers) {
    /** Copies the lists. */
    public AuthChallenge {
        Objects.requireNonNull(httpMethod, "httpMethod");
        Objects.requireNonNull(uri, "uri");
        challenges = List.copyOf(challenges);
        headers = Map.copyOf(headers);
    }

    /**
     * The challenge an OAuth client acts on: the first {@code Bearer} or {@code DPoP} one, else the
     * first of any scheme, else null.
     */
    public Challenge primary() {
        for (Challenge c : challenges) {
            if (c.is("Bearer") || c.is("DPoP")) {
                return c;
            }
        }
        return challenges.isEmpty() ? null : challenges.getFirst();
    }

    /** True for a 403 whose challenge says {@code error="insufficient_scope"}. */
    public boolean insufficientScope() {
        Challenge c = primary();
        return status == 403 && c != null && "insufficient_scope".equals(c.error());
    }

    /** The scopes the challenge asks for; empty when it names none. */
    public Set<String> scopes() {
        Challenge c = primary();
        return c == null ? Set.of() : c.scopes();
    }

    /** The challenge's {@code resource_metadata} URL as sent, or null. */
    public String resourceMetadata() {
        Challenge c = primary();
        return c == null ? null : c.resourceMetadata();
    }

    /** A response header by (case-insensitive) name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
