package dev.switchboard.http;

import dev.switchboard.server.Principal;

import java.util.Objects;

/**
 * The bearer token a request authenticated with, held in memory on the request's thread while the
 * request is served, so that a server acting for the caller (the gateway's RFC 8693 token
 * exchange) can present it to the authorization server that issued it.
 *
 * <p>It is bound only when the {@link Authenticator} vouches for the token
 * ({@link Authenticator#keepsBearerToken()}), and only on the request's thread for the duration of
 * the request: threads it starts do not inherit it, so no pool thread created meanwhile keeps it.
 * It is deliberately not part of {@link Principal}: principals are
 * sealed into task records, session ids and handles, and the token must never be persisted,
 * logged or sent on as it is. Not serialisable; {@link #toString()} hides the token.
 */
public final class InboundCredential {
    private static final ThreadLocal<InboundCredential> CURRENT = new ThreadLocal<>();

    private final Principal principal;
    private final String bearerToken;

    private InboundCredential(Principal principal, String bearerToken) {
        this.principal = Objects.requireNonNull(principal, "principal");
        this.bearerToken = Objects.requireNonNull(bearerToken, "bearerToken");
    }

    /** The credential of the request served on this thread, or null when there is none. */
    public static InboundCredential current() {
        return CURRENT.get();
    }

    /** Runs {@code work} with {@code principal}'s {@code bearerToken} bound to this thread, then unbinds it. */
    public static void with(Principal principal, String bearerToken, Runnable work) {
        InboundCredential previous = CURRENT.get();
        CURRENT.set(new InboundCredential(principal, bearerToken));
        try {
            work.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Who the token authenticated. */
    public Principal principal() {
        return principal;
    }

    /** The access token itself: use it only as an RFC 8693 {@code subject_token}, never forward or log it. */
    public String bearerToken() {
        return bearerToken;
    }

    @Override
    public String toString() {
        return "InboundCredential[" + principal.describe() + ", token ***]";
    }
}
