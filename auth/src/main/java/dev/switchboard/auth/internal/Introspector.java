package dev.switchboard.auth.internal;

import dev.switchboard.auth.AccessToken;
import dev.switchboard.auth.TrustedIssuer;
import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates opaque tokens with an issuer's RFC 7662 introspection endpoint. Active answers are
 * cached by the token's hash until the token expires or {@code maxCache} passes, whichever is
 * first, so a busy client costs one introspection per interval; refusals are not cached.
 */
public final class Introspector {
    private static final Set<String> JSON = Set.of("application/json", "application/token-introspection+json");

    private final TrustedIssuer issuer;
    private final SafeHttpClient http;
    private final Set<String> audiences;
    private final Clock clock;
    private final AcceptedTokens cache;

    /** Introspects at {@code issuer}'s endpoint, accepting tokens for one of {@code audiences}. */
    public Introspector(TrustedIssuer issuer, SafeHttpClient http, Set<String> audiences, Duration maxCache, Clock clock) {
        this.issuer = issuer;
        this.http = http;
        this.audiences = Set.copyOf(audiences);
        this.cache = new AcceptedTokens(maxCache);
        this.clock = clock;
    }

    /** The token's meaning, from the cache or the endpoint, or why it is refused. */
    public AccessToken verify(String token) throws TokenRejected {
        Instant now = clock.instant();
        AccessToken hit = cache.get(token, now);
        if (hit != null) {
            return hit;
        }
        AccessToken accepted = check(introspect(token), now);
        cache.put(token, accepted, accepted.expiresAt(), now);
        return accepted;
    }

    private JsonObject introspect(String token) throws TokenRejected {
        TrustedIssuer.Introspection endpoint = issuer.introspection();
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token";
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(endpoint.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(endpoint.clientSecret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        try {
            Json json = Wire.parse(http.post(endpoint.endpoint(), "application/x-www-form-urlencoded",
                    form.getBytes(StandardCharsets.UTF_8), Map.of("Authorization", "Basic " + basic), JSON).body());
            if (json instanceof JsonObject object) {
                return object;
            }
            throw new TokenRejected("The introspection answer of " + issuer.issuer() + " is not a JSON object");
        } catch (OutboundException | McpException e) {
            throw new TokenRejected("The token could not be introspected at " + issuer.issuer() + ": " + e.getMessage());
        }
    }

    private AccessToken check(JsonObject answer, Instant now) throws TokenRejected {
        if (!(answer.get("active") instanceof JsonBoolean active) || !active.value()) {
            throw new TokenRejected("The bearer token is not active (revoked, expired or unknown to " + issuer.issuer() + ")");
        }
        String iss = answer.getString("iss");
        if (iss != null && !iss.equals(issuer.issuer())) {
            throw new TokenRejected("The introspected token's issuer " + iss + " is not " + issuer.issuer());
        }
        String type = answer.getString("token_type");
        if (type != null && !type.equalsIgnoreCase("Bearer") && !type.equalsIgnoreCase("access_token")) {
            throw new TokenRejected("The bearer token is a " + type + ", not an access token");
        }
        List<String> aud = strings(answer.get("aud"));
        if (aud.stream().noneMatch(audiences::contains)) {
            throw new TokenRejected("The bearer token was issued for " + (aud.isEmpty() ? "no audience" : "audience " + aud)
                    + ", not for this resource (" + String.join(", ", new TreeSet<>(audiences)) + ")");
        }
        Instant exp = answer.get("exp") instanceof JsonNumber n ? Instant.ofEpochSecond(n.longValue()) : null;
        if (exp == null || !now.isBefore(exp)) {
            throw new TokenRejected(exp == null ? "The introspected token has no expiry (exp)" : "The bearer token expired at " + exp);
        }
        String clientId = answer.getString("client_id");
        String subject = answer.getString("sub") != null ? answer.getString("sub") : clientId;
        if (subject == null) {
            throw new TokenRejected("The introspected token names neither a subject nor a client");
        }
        Set<String> scopes = new LinkedHashSet<>();
        String scope = answer.getString("scope");
        if (scope != null && !scope.isBlank()) {
            scopes.addAll(List.of(scope.trim().split("\\s+")));
        }
        List<String> actors = new ArrayList<>();
        Json act = answer.get("act");
        while (act instanceof JsonObject actor && actor.getString("sub") != null && actors.size() < 16) {
            actors.add(actor.getString("sub"));
            act = actor.get("act");
        }
        return new AccessToken(issuer.issuer(), subject, clientId, actors, scopes, exp, answer);
    }

    private static List<String> strings(Json json) {
        List<String> out = new ArrayList<>();
        if (json instanceof JsonArray array) {
            array.values().forEach(v -> {
                if (v.asString() != null) {
                    out.add(v.asString());
                }
            });
        } else if (json != null && json.asString() != null) {
            out.add(json.asString());
        }
        return out;
    }
}
