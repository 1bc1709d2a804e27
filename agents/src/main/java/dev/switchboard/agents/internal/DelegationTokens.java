package dev.switchboard.agents.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.agents.AgentKey;
import dev.switchboard.server.Principal;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delegation tokens: compact JWS (ES256) whose claims follow RFC 8693 token exchange, so that a
 * token from a real authorization server can take their place without the callee changing.
 *
 * <ul>
 *   <li>{@code iss}: the agent that minted (and signed) the token;</li>
 *   <li>{@code sub}: the user on whose behalf the whole chain acts;</li>
 *   <li>{@code act}: the actors, nested, the minting agent outermost (RFC 8693 §4.1); absent on a
 *       token a user's issuer minted for the user directly;</li>
 *   <li>{@code aud}: the one agent the token is for;</li>
 *   <li>{@code scope}: the callee's tools it may call (space-separated);</li>
 *   <li>{@code exp}, {@code iat}, {@code jti}: short-lived, at most {@link #MAX_LIFETIME}.</li>
 * </ul>
 */
public final class DelegationTokens {
    /** Explicit typing (RFC 8725 §3.11), so no other JWT can be passed off as a delegation. */
    public static final JOSEObjectType TYPE = new JOSEObjectType("delegation+jwt");
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgentKey self;
    private final Map<String, AgentKey> trusted;
    private final int maxDepth;
    private final Clock clock;

    /**
     * @param self     this agent: its id is the audience it accepts, its key signs what it mints
     * @param trusted  the public keys of the issuers it accepts, by issuer id
     * @param maxDepth the longest chain of actors accepted
     */
    public DelegationTokens(AgentKey self, Map<String, AgentKey> trusted, int maxDepth, Clock clock) {
        this.self = self;
        this.trusted = Map.copyOf(trusted);
        this.maxDepth = maxDepth;
        this.clock = clock;
    }

    /**
     * A token for {@code audience} saying that this agent, acting for {@code caller}, may call
     * {@code scope} there.
     *
     * @throws Refusal when the chain would get too deep or loop back to the audience
     */
    public String mint(Principal caller, String audience, Set<String> scope, Duration lifetime) throws Refusal {
        List<String> chain = new ArrayList<>();
        chain.add(self.id());
        chain.addAll(caller.actors());
        checkChain(chain, audience);
        Instant now = clock.instant();
        Duration ttl = lifetime.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : lifetime;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(self.id())
                .subject(caller.subject())
                .audience(audience)
                .claim("act", act(chain, 0))
                .claim("scope", String.join(" ", scope))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(randomId())
                .build();
        return sign(claims);
    }

    /** Signs {@code claims} with this agent's key (also used to mint user tokens in demos and tests). */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(TYPE).keyID(self.id()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(self.jwk()));
        } catch (JOSEException e) {
            throw new IllegalStateException("agent " + self.id() + " cannot sign: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /**
     * The principal a token vouches for, after checking type, signature, issuer, audience,
     * lifetime and chain.
     *
     * @throws Refusal with a message naming what is wrong
     */
    public Principal verify(String token) throws Refusal {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw Refusal.invalid("the bearer token is not a signed JWT: " + e.getMessage());
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw Refusal.invalid("delegation tokens are signed with ES256, not " + header.getAlgorithm());
        }
        if (!TYPE.equals(header.getType())) {
            throw Refusal.invalid("the token's typ is " + header.getType() + ", not " + TYPE);
        }
        String issuer = claims.getIssuer();
        AgentKey key = issuer == null ? null : trusted.get(issuer);
        if (key == null) {
            throw Refusal.invalid("the token's issuer " + issuer + " is not trusted by " + self.id());
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(key.jwk().toECPublicKey()))) {
                throw Refusal.invalid("the token's signature does not verify with " + issuer + "'s key");
            }
        } catch (JOSEException e) {
            throw Refusal.invalid("the token's signature cannot be checked: " + e.getMessage());
        }
        List<String> audience = claims.getAudience();
        if (audience.size() != 1 || !self.id().equals(audience.getFirst())) {
            throw Refusal.invalid("the token is for " + audience + ", not " + self.id());
        }
        checkTimes(claims);
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw Refusal.invalid("the token names no subject (sub)");
        }
        List<String> chain = chain(claims.getClaim("act"));
        if (!chain.isEmpty() && !chain.getFirst().equals(issuer)) {
            throw Refusal.invalid("the token's outermost actor " + chain.getFirst() + " is not its issuer " + issuer);
        }
        checkChain(chain, self.id());
        return new Principal(issuer, claims.getSubject(), chain, scopes(claims));
    }

    private void checkTimes(JWTClaimsSet claims) throws Refusal {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null) {
            throw Refusal.invalid("the token needs exp and iat");
        }
        if (now.isAfter(exp.toInstant().plus(SKEW))) {
            throw Refusal.invalid("the token expired at " + exp.toInstant());
        }
        if (iat.toInstant().isAfter(now.plus(SKEW))) {
            throw Refusal.invalid("the token was issued in the future (" + iat.toInstant() + ")");
        }
        if (Duration.between(iat.toInstant(), exp.toInstant()).compareTo(MAX_LIFETIME.plus(SKEW)) > 0) {
            throw Refusal.invalid("the token lives longer than " + MAX_LIFETIME.toMinutes() + " minutes");
        }
    }

    /** Refuses a chain longer than the maximum, or one in which an agent appears twice (a cycle). */
    private void checkChain(List<String> chain, String audience) throws Refusal {
        if (chain.size() > maxDepth) {
            throw Refusal.forbidden("the delegation chain " + String.join(" > ", chain) + " is " + chain.size()
                    + " agents deep; at most " + maxDepth + " are allowed");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String actor : chain) {
            if (!seen.add(actor) || actor.equals(audience)) {
                throw Refusal.forbidden("delegation cycle: " + (actor.equals(audience) ? audience : actor)
                        + " already acts in the chain " + String.join(" > ", chain));
            }
        }
    }

    private static Map<String, Object> act(List<String> chain, int i) {
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("sub", chain.get(i));
        if (i + 1 < chain.size()) {
            act.put("act", act(chain, i + 1));
        }
        return act;
    }

    private static List<String> chain(Object act) throws Refusal {
        List<String> chain = new ArrayList<>();
        Object node = act;
        while (node != null) {
            if (!(node instanceof Map<?, ?> m) || !(m.get("sub") instanceof String sub) || sub.isBlank()) {
                throw Refusal.invalid("the token's act claim is malformed: each actor needs a sub");
            }
            chain.add(sub);
            if (chain.size() > 64) {
                throw Refusal.invalid("the token's act claim nests too deep");
            }
            node = m.get("act");
        }
        return chain;
    }

    private static Set<String> scopes(JWTClaimsSet claims) throws Refusal {
        Object scope = claims.getClaim("scope");
        if (scope == null) {
            return Set.of();
        }
        if (!(scope instanceof String s)) {
            throw Refusal.invalid("the token's scope is not a string");
        }
        return s.isBlank() ? Set.of() : new LinkedHashSet<>(List.of(s.strip().split("\\s+")));
    }

    private static String randomId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A token refused: {@code forbidden} is a valid identity that may not do this (403), else 401. */
    public static final class Refusal extends Exception {
        private final boolean forbidden;

        private Refusal(String message, boolean forbidden) {
            super(message);
            this.forbidden = forbidden;
        }

        static Refusal invalid(String message) {
            return new Refusal(message, false);
        }

        static Refusal forbidden(String message) {
            return new Refusal(message, true);
        }

        /** True for 403 (chain too deep, cycle), false for 401 (the token itself is bad). */
        public boolean forbidden() {
            return forbidden;
        }
    }
}
