package dev.switchboard.auth.internal;

import dev.switchboard.auth.AccessToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already accepted, by the SHA-256 of their text, so a client sending the same token on
 * every request costs one signature check (or one introspection) per {@code maxAge}, not one per
 * request. An entry lasts until the token's expiry or {@code maxAge}, whichever is first; refusals
 * are never kept. Bounded: when full, expired entries go, and if it is still full it starts over
 * rather than grow. Thread-safe.
 */
final class AcceptedTokens {
    static final int MAX_ENTRIES = 10_000;
    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Duration maxAge;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(AccessToken token, Instant until) {
    }

    AcceptedTokens(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** The accepted token for {@code token}'s text, or null when not kept (or no longer valid at {@code now}). */
    AccessToken get(String token, Instant now) {
        if (maxAge.isZero()) {
            return null;
        }
        Entry hit = entries.get(hash(token));
        return hit != null && now.isBefore(hit.until()) ? hit.token() : null;
    }

    /** Keeps {@code accepted}, valid until {@code expires} at the latest. */
    void put(String token, AccessToken accepted, Instant expires, Instant now) {
        if (maxAge.isZero()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> !now.isBefore(e.until()));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear(); // still full of live entries: start over rather than grow without bound
            }
        }
        Instant until = now.plus(maxAge);
        entries.put(hash(token), new Entry(accepted, expires.isBefore(until) ? expires : until));
    }

    private static String hash(String token) {
        MessageDigest sha256;
        try {
            sha256 = (MessageDigest) SHA256.clone(); // cheaper than looking the algorithm up on every request
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be cloned", e);
        }
        return Base64.getUrlEncoder().encodeToString(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
