package dev.switchboard.auth.internal;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.SafeHttpClient;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One issuer's signing keys, fetched from its {@code jwks_uri} through the safe outbound client and
 * cached. The cache is refreshed when older than its TTL, and when a token names a key it does not
 * hold, but that at most once per {@code minRefresh}: a flood of tokens with made-up {@code kid}s
 * costs the issuer one request per interval, not one each, while a real rotation is picked up at
 * once. A failed refresh keeps the old keys, and is not retried within {@code minRefresh}.
 */
public final class IssuerKeys implements JWKSource<SecurityContext> {
    private static final Set<String> JWKS_TYPES = Set.of("application/json", "application/jwk-set+json");

    private final URI jwksUri;
    private final SafeHttpClient http;
    private final Duration ttl;
    private final Duration minRefresh;
    private final Clock clock;
    private JWKSet keys;            // guarded by this
    private Instant fetchedAt;      // when keys was fetched; guarded by this
    private Instant lastAttempt;    // guarded by this
    private String lastError;       // guarded by this
    private Instant lastUnknownKey; // when a token last made us refetch for a key we lacked; guarded by this

    /** Keys at {@code jwksUri}, kept {@code ttl}, refetched for an unknown key at most every {@code minRefresh}. */
    public IssuerKeys(URI jwksUri, SafeHttpClient http, Duration ttl, Duration minRefresh, Clock clock) {
        this.jwksUri = jwksUri;
        this.http = http;
        this.ttl = ttl;
        this.minRefresh = minRefresh;
        this.clock = clock;
    }

    @Override
    public synchronized List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Instant now = clock.instant();
        if ((keys == null || now.isAfter(fetchedAt.plus(ttl))) && !recently(lastAttempt, now)) {
            refresh(now);
        }
        if (keys == null) {
            throw new KeySourceException("the issuer's keys could not be fetched from " + jwksUri + ": " + lastError);
        }
        List<JWK> found = selector.select(keys);
        if (found.isEmpty() && !recently(lastUnknownKey, now)) { // maybe the issuer rotated its keys
            lastUnknownKey = now;
            if (refresh(now)) {
                found = selector.select(keys);
            }
        }
        return found;
    }

    private boolean recently(Instant last, Instant now) {
        return last != null && now.isBefore(last.plus(minRefresh));
    }

    /** Fetches the keys; true when that worked. */
    private boolean refresh(Instant now) {
        lastAttempt = now;
        try {
            keys = JWKSet.parse(http.get(jwksUri, JWKS_TYPES).text()).toPublicJWKSet();
            fetchedAt = now;
            return true;
        } catch (OutboundException | ParseException e) {
            lastError = e.getMessage(); // and keep the keys we have: an issuer outage must not lock every caller out
            return false;
        }
    }
}
