package dev.switchboard.auth;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.Principal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A validated access token: who it speaks for and what it allows. Never holds the token itself.
 *
 * @param issuer    the authorization server that issued it
 * @param subject   the user, or the client itself for client credentials
 * @param clientId  the OAuth client it was issued to ({@code client_id} or {@code azp}); null when not stated
 * @param actors    the RFC 8693 {@code act} chain, the current actor first; empty without delegation
 * @param scopes    its scopes
 * @param expiresAt when it stops being valid
 * @param claims    every claim of the token (or the introspection answer), for {@link MembershipClaims}
 */
public record AccessToken(String issuer, String subject, String clientId, List<String> actors, Set<String> scopes,
                          Instant expiresAt, JsonObject claims) {
    public AccessToken {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        actors = List.copyOf(actors);
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(expiresAt, "expiresAt");
        claims = claims == null ? JsonObject.EMPTY : claims;
    }

    /** A token whose other claims are not kept. */
    public AccessToken(String issuer, String subject, String clientId, List<String> actors, Set<String> scopes,
                       Instant expiresAt) {
        this(issuer, subject, clientId, actors, scopes, expiresAt, JsonObject.EMPTY);
    }

    /** {@link #principal()} with the groups, roles and tenant that {@code membership} reads from the claims. */
    public Principal principal(MembershipClaims membership) {
        return principal().withMembership(membership.groupsOf(claims), membership.rolesOf(claims), membership.tenantOf(claims));
    }

    /**
     * The principal: the subject, with the client (when it is not the subject itself) as the
     * immediate actor, followed by the {@code act} chain. A client acting through token exchange is
     * usually the chain's head already, and is then not repeated.
     */
    public Principal principal() {
        List<String> chain = new ArrayList<>();
        if (clientId != null && !clientId.equals(subject) && (actors.isEmpty() || !actors.getFirst().equals(clientId))) {
            chain.add(clientId);
        }
        chain.addAll(actors);
        return new Principal(issuer, subject, chain, scopes);
    }
}
