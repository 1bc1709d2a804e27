package dev.switchboard.gateway.internal;

import dev.switchboard.client.auth.AuthChallenge;
import dev.switchboard.client.auth.AuthorizationException;
import dev.switchboard.client.auth.Authorizer;
import dev.switchboard.client.auth.RegisteredClient;
import dev.switchboard.client.auth.ServiceTokens;
import dev.switchboard.gateway.UpstreamAuth;
import dev.switchboard.http.InboundCredential;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@link Authorizer} of one upstream's client under {@link UpstreamAuth}: every request gets
 * {@code Authorization: Bearer} with a token the gateway got for that upstream, never the caller's.
 *
 * <p>Which token depends on who the request is for. {@link Upstream#call} binds the caller's
 * {@link InboundCredential} to its thread ({@link #forCaller}) while the request runs: with
 * {@link UpstreamAuth.TokenExchange} that caller's token is exchanged for an upstream token, cached
 * by (principal, fingerprint of the caller's token) until {@link #MARGIN} before it expires. Requests
 * with no caller (listing, the change stream) and every request under
 * {@link UpstreamAuth.ClientCredentials} use the gateway's own client credentials token. A 401
 * discards the refused token, so the transport's one retry gets a fresh one.
 *
 * <p>The caller's token is held only on the calling thread for the call, and sent only to the
 * authorization server; messages never contain tokens. Thread-safe.
 */
final class UpstreamCredentials implements Authorizer, AutoCloseable {
    /** A token this close to its expiry is replaced. */
    static final Duration MARGIN = Duration.ofSeconds(30);
    /** How long a token whose expiry the server did not state is used. */
    static final Duration UNSTATED_LIFETIME = Duration.ofMinutes(5);
    private static final int MAX_CACHED = 10_000;
    private static final ThreadLocal<InboundCredential> CALLER = new ThreadLocal<>();

    private final String upstream;
    private final UpstreamAuth auth;
    private final String resource;
    private final ServiceTokens tokens;
    private final Clock clock;
    private final Map<String, Held> exchanged = new ConcurrentHashMap<>();
    private volatile Held own;

    /** A token and when to stop using it. */
    private record Held(String token, Instant until) {
        boolean usable(Instant now) {
            return now.isBefore(until);
        }
    }

    UpstreamCredentials(String upstream, URI url, UpstreamAuth auth, Clock clock) {
        this.upstream = upstream;
        this.auth = auth;
        this.resource = (auth.resource() != null ? auth.resource() : url).toString();
        this.clock = clock;
        UpstreamAuth.OAuthClient c = auth.client();
        ServiceTokens.Builder b = ServiceTokens.builder(new RegisteredClient(c.issuer(), c.clientId(), c.clientSecret(), null));
        if (c.tokenEndpoint() != null) {
            b.tokenEndpoint(c.tokenEndpoint());
        }
        if (c.issuer() != null) {
            b.issuer(c.issuer());
        }
        if (c.privateKey() != null) {
            b.privateKeyJwt(c.privateKey(), c.keyAlgorithm());
        }
        this.tokens = b.build();
    }

    /** True when requests need the caller's token (token exchange). */
    boolean needsCaller() {
        return auth instanceof UpstreamAuth.TokenExchange;
    }

    /** Runs {@code request} with {@code caller}'s credential bound to this thread (null: none). */
    static <T> T forCaller(InboundCredential caller, Supplier<T> request) {
        InboundCredential previous = CALLER.get();
        CALLER.set(caller);
        try {
            return request.get();
        } finally {
            if (previous == null) {
                CALLER.remove();
            } else {
                CALLER.set(previous);
            }
        }
    }

    @Override
    public Map<String, String> headers(String httpMethod, URI uri) {
        InboundCredential caller = CALLER.get();
        String token = needsCaller() && caller != null ? exchanged(caller) : own();
        return Map.of("Authorization", "Bearer " + token);
    }

    @Override
    public boolean onChallenge(AuthChallenge challenge) {
        if (challenge.status() != 401) {
            return false; // a service token cannot step up: the grant decides its scopes
        }
        // discard the refused token (revoked, or expired early); the transport retries once
        String refused = challenge.credentials();
        Held o = own;
        if (o != null && ("Bearer " + o.token()).equals(refused)) {
            own = null;
        }
        exchanged.values().removeIf(h -> ("Bearer " + h.token()).equals(refused));
        return true;
    }

    /** The gateway's own token for the upstream. */
    private String own() {
        Instant now = clock.instant();
        Held held = own;
        if (held != null && held.usable(now)) {
            return held.token();
        }
        ServiceTokens.Token t = obtain("client credentials", () -> tokens.clientCredentials(resource, auth.audience(), auth.scopes()));
        held = hold(t, now);
        own = held;
        return held.token();
    }

    /** The caller's token exchanged for one for the upstream, from the cache when still good. */
    private String exchanged(InboundCredential caller) {
        Instant now = clock.instant();
        String key = caller.principal().key() + "\n" + fingerprint(caller.bearerToken());
        Held held = exchanged.get(key);
        if (held != null && held.usable(now)) {
            return held.token();
        }
        String actor = ((UpstreamAuth.TokenExchange) auth).actorToken() ? own() : null;
        ServiceTokens.Token t = obtain("token exchange for " + caller.principal().describe(),
                () -> tokens.exchange(caller.bearerToken(), actor, resource, auth.audience(), auth.scopes()));
        held = hold(t, now);
        if (exchanged.size() >= MAX_CACHED) {
            exchanged.values().removeIf(h -> !h.usable(now));
        }
        if (exchanged.size() < MAX_CACHED) {
            exchanged.put(key, held);
        }
        return held.token();
    }

    private ServiceTokens.Token obtain(String what, Supplier<ServiceTokens.Token> grant) {
        try {
            return grant.get();
        } catch (AuthorizationException e) {
            // the message names the endpoint and the server's error; ServiceTokens never puts a token in it
            throw new AuthorizationException("Upstream " + upstream + ": could not get a token for it (" + what + "): "
                    + e.getMessage(), e);
        }
    }

    private Held hold(ServiceTokens.Token t, Instant now) {
        Instant expires = t.expiresAt() != null ? t.expiresAt() : now.plus(UNSTATED_LIFETIME);
        Instant until = expires.minus(MARGIN);
        return new Held(t.value(), until.isAfter(now) ? until : now.plusSeconds(1));
    }

    /** SHA-256 of the caller's token: a new token (other scopes, after revocation) is exchanged afresh. */
    private static String fingerprint(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The number of exchanged tokens cached (for tests). */
    int cached() {
        return exchanged.size();
    }

    @Override
    public void close() {
        tokens.close();
    }

    @Override
    public String toString() {
        return "UpstreamCredentials[" + upstream + ", " + auth.getClass().getSimpleName() + "]";
    }
}
