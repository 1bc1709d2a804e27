package dev.switchboard.http;

import dev.switchboard.server.Principal;

import java.util.Locale;

/**
 * Identifies the caller of every request to the endpoint, before anything else is read but after
 * the Origin check (protocol brief §2.4). Called on the request's thread, concurrently: keep it
 * thread-safe. The principal it returns owns what the request creates (tasks, sessions).
 */
@FunctionalInterface
public interface Authenticator {

    /** Everyone is {@link Principal#ANONYMOUS}: the default, for servers without auth. */
    Authenticator ANONYMOUS = request -> Principal.ANONYMOUS;

    /**
     * The caller of {@code request}.
     *
     * @throws AuthenticationException to answer 401 (or 403) with its message and challenge
     */
    Principal authenticate(Inbound request) throws AuthenticationException;

    /**
     * True when the bearer token of a request this authenticator accepted is an access token of a
     * trusted authorization server, which the server may keep in memory for the request
     * ({@link InboundCredential}) to exchange it there (RFC 8693) for a token of its own. Default
     * false: other credentials (API keys, shared secrets) are never made available.
     */
    default boolean keepsBearerToken() {
        return false;
    }

    /** What an authenticator can see of a request. */
    interface Inbound {
        /** The first value of header {@code name} (case-insensitive), or null. */
        String header(String name);

        /** The client's IP address. */
        String remoteAddress();

        /** The raw query string of the request URI (without {@code ?}), or null when there is none. */
        String query();

        /** The token of an {@code Authorization: Bearer} header, or null when there is none. */
        default String bearerToken() {
            String h = header("Authorization");
            if (h == null || h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                return null;
            }
            String token = h.substring(7).strip();
            return token.isEmpty() ? null : token;
        }
    }
}
