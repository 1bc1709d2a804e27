package dev.switchboard.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.auth.AccessToken;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;

import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Validates JWT access tokens (RFC 9068) in the order that keeps untrusted input from causing
 * work: header rules first (algorithm, no key-location headers, type), then the issuer allow-list
 * (an unknown issuer never causes a fetch), then the signature with that issuer's keys, then the
 * claims (ID-token markers, expiry, audience, sender constraint).
 */
public final class JwtVerifier {
    /**
     * How long an accepted token is taken as checked without checking its signature again: a key
     * the issuer withdraws stops being honoured within this time (the JWKS refresh is the same order).
     */
    static final Duration ACCEPTED_FOR = Duration.ofMinutes(5);

    private static final Set<String> AT_JWT = Set.of("at+jwt", "application/at+jwt");
    private static final Set<String> ID_TOKEN_CLAIMS = Set.of("nonce", "at_hash", "c_hash"); // not auth_time: RFC 9068 allows it

    private final Map<String, IssuerKeys> issuers;
    private final Set<JWSAlgorithm> algorithms;
    private final boolean acceptPlainJwtType;
    private final Set<String> audiences;
    private final Duration skew;
    private final Clock clock;
    private final AcceptedTokens accepted;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

    /**
     * @param issuers            keys by issuer identifier: the allow-list
     * @param algorithms         the accepted signature algorithms (never {@code none}; HS* make no sense with public keys)
     * @param acceptPlainJwtType also accept {@code typ: JWT} or no {@code typ}, for issuers that do not follow RFC 9068
     * @param audiences          this resource's canonical URI and its aliases
     */
    public JwtVerifier(Map<String, IssuerKeys> issuers, Set<JWSAlgorithm> algorithms, boolean acceptPlainJwtType,
                       Set<String> audiences, Duration skew, Clock clock) {
        this.issuers = Map.copyOf(issuers);
        this.algorithms = Set.copyOf(algorithms);
        this.acceptPlainJwtType = acceptPlainJwtType;
        this.audiences = Set.copyOf(audiences);
        this.skew = skew;
        this.clock = clock;
        this.accepted = new AcceptedTokens(ACCEPTED_FOR);
    }

    /** True when {@code token} has the shape of a JWS or JWE (dot-separated parts), so it is not an opaque token. */
    public static boolean looksLikeJwt(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        return dots == 2 || dots == 4;
    }

    /** The token's claims as an {@link AccessToken}, or why it is refused. */
    public AccessToken verify(String token) throws TokenRejected {
        Instant now = clock.instant();
        AccessToken known = accepted.get(token, now);
        if (known != null) {
            return known; // same text, same signature: checked already, and still within exp (+ skew)
        }
        AccessToken verified = verifyFully(token);
        accepted.put(token, verified, verified.expiresAt().plus(skew), now);
        return verified;
    }

    private AccessToken verifyFully(String token) throws TokenRejected {
        JWT parsed;
        try {
            parsed = com.nimbusds.jwt.JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejected("The bearer token is not a well-formed JWT: " + e.getMessage());
        }
        if (parsed instanceof PlainJWT) {
            throw new TokenRejected("The bearer token is unsigned (alg \"none\"); access tokens must be signed");
        }
        if (parsed instanceof EncryptedJWT || !(parsed instanceof SignedJWT jwt)) {
            throw new TokenRejected("The bearer token is encrypted (JWE); this resource accepts signed access tokens only");
        }
        JWSHeader header = jwt.getHeader();
        checkHeader(header);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejected("The bearer token's claims are not a JSON object: " + e.getMessage());
        }
        String issuer = claims.getIssuer();
        IssuerKeys keys = issuer == null ? null : issuers.get(issuer);
        if (keys == null) {
            throw new TokenRejected(issuer == null ? "The bearer token has no issuer (iss)"
                    : "The bearer token's issuer " + issuer + " is not trusted here (trusted: "
                    + String.join(", ", new TreeSet<>(issuers.keySet())) + ")");
        }
        checkSignature(jwt, header, keys, issuer);
        checkClaims(claims);
        return new AccessToken(issuer, claims.getSubject(), clientId(claims), actors(claims), scopes(claims),
                claims.getExpirationTime().toInstant(), json(claims));
    }

    /** The claims as our JSON tree (membership claims are read from it); empty if they do not re-parse. */
    private static JsonObject json(JWTClaimsSet claims) {
        try {
            return Wire.parse(claims.toString()) instanceof JsonObject o ? o : JsonObject.EMPTY;
        } catch (RuntimeException e) {
            return JsonObject.EMPTY;
        }
    }

    private void checkHeader(JWSHeader header) throws TokenRejected {
        // Keys come only from the issuer's configured jwks_uri: a token naming its own key source is
        // either confused or an attack (RFC 8725 §3.10), so it is refused, not just ignored.
        List<String> keyHeaders = new ArrayList<>();
        if (header.getJWKURL() != null) {
            keyHeaders.add("jku");
        }
        if (header.getX509CertURL() != null) {
            keyHeaders.add("x5u");
        }
        if (header.getJWK() != null) {
            keyHeaders.add("jwk");
        }
        if (header.getX509CertChain() != null) {
            keyHeaders.add("x5c");
        }
        if (!keyHeaders.isEmpty()) {
            throw new TokenRejected("The bearer token names its own key (" + String.join(", ", keyHeaders)
                    + " header); keys are taken only from the issuer's configured JWKS");
        }
        if (!algorithms.contains(header.getAlgorithm())) {
            throw new TokenRejected("The bearer token is signed with " + header.getAlgorithm() + ", which is not accepted here (accepted: "
                    + algorithms.stream().map(JWSAlgorithm::getName).sorted().collect(Collectors.joining(", ")) + ")");
        }
        JOSEObjectType type = header.getType();
        String typ = type == null ? null : type.getType().toLowerCase(Locale.ROOT);
        boolean plain = typ == null || typ.equals("jwt") || typ.equals("application/jwt");
        if (!(typ != null && AT_JWT.contains(typ)) && !(acceptPlainJwtType && plain)) {
            throw new TokenRejected("The bearer token's type (typ) is " + (typ == null ? "missing" : "\"" + type.getType() + "\"")
                    + "; an access token must have typ \"at+jwt\" (RFC 9068), so ID tokens and other JWTs are refused");
        }
    }

    private void checkSignature(SignedJWT jwt, JWSHeader header, IssuerKeys keys, String issuer) throws TokenRejected {
        List<? extends Key> candidates;
        try {
            candidates = new JWSVerificationKeySelector<SecurityContext>(header.getAlgorithm(), keys).selectJWSKeys(header, null);
        } catch (KeySourceException e) {
            throw new TokenRejected("The keys of issuer " + issuer + " are unavailable: " + e.getMessage());
        }
        if (candidates.isEmpty()) {
            throw new TokenRejected("Issuer " + issuer + " has no " + header.getAlgorithm() + " key"
                    + (header.getKeyID() == null ? "" : " with kid \"" + header.getKeyID() + "\"") + " in its JWKS");
        }
        for (Key key : candidates) {
            try {
                if (jwt.verify(verifiers.createJWSVerifier(header, key))) {
                    return;
                }
            } catch (JOSEException e) {
                // a key of the wrong shape for this algorithm: try the next candidate
            }
        }
        throw new TokenRejected("The bearer token's signature does not verify with the keys of issuer " + issuer);
    }

    private void checkClaims(JWTClaimsSet claims) throws TokenRejected {
        for (String marker : ID_TOKEN_CLAIMS) {
            if (claims.getClaim(marker) != null) {
                throw new TokenRejected("The bearer token is an OpenID Connect ID token (it has \"" + marker
                        + "\"); send an access token issued for this resource");
            }
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new TokenRejected("The bearer token has no expiry (exp)");
        }
        if (now.minus(skew).isAfter(exp.toInstant())) {
            throw new TokenRejected("The bearer token expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw new TokenRejected("The bearer token is not valid before " + nbf.toInstant());
        }
        List<String> aud = claims.getAudience();
        if (aud.stream().noneMatch(audiences::contains)) {
            throw new TokenRejected("The bearer token was issued for " + (aud.isEmpty() ? "no audience" : "audience " + aud)
                    + ", not for this resource (" + String.join(", ", new TreeSet<>(audiences)) + ")");
        }
        if (claims.getSubject() == null) {
            throw new TokenRejected("The bearer token has no subject (sub)");
        }
        if (claims.getClaim("cnf") != null) {
            // A sender-constrained token (DPoP, mTLS) used as a plain bearer token would lose its
            // binding; this is where DPoP proof checking will go.
            throw new TokenRejected("The bearer token is sender-constrained (cnf); this resource does not accept DPoP or mTLS-bound tokens yet");
        }
    }

    private static String clientId(JWTClaimsSet claims) {
        Object id = claims.getClaim("client_id");
        if (id == null) {
            id = claims.getClaim("azp");
        }
        return id instanceof String s ? s : null;
    }

    /** RFC 8693 §4.1: {@code act} nests, the outermost is the current actor. */
    private static List<String> actors(JWTClaimsSet claims) {
        List<String> out = new ArrayList<>();
        Object act = claims.getClaim("act");
        while (act instanceof Map<?, ?> actor && actor.get("sub") instanceof String sub && out.size() < 16) {
            out.add(sub);
            act = actor.get("act");
        }
        return out;
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> out = new LinkedHashSet<>();
        Object scope = claims.getClaim("scope");
        if (scope instanceof String s) {
            out.addAll(List.of(s.trim().split("\\s+")));
        }
        Object scp = claims.getClaim("scp");
        if (scp instanceof String s) {
            out.addAll(List.of(s.trim().split("\\s+")));
        } else if (scp instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        out.remove("");
        return out;
    }
}
