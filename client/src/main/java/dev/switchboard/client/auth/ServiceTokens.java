package dev.switchboard.client.auth;

import dev.switchboard.client.auth.internal.Discovery;
import dev.switchboard.client.auth.internal.Jws;
import dev.switchboard.client.auth.internal.OAuthHttp;
import dev.switchboard.client.auth.internal.Pkce;
import dev.switchboard.client.auth.internal.Registration;
import dev.switchboard.client.auth.internal.ServerMetadata;
import dev.switchboard.client.auth.internal.TokenEndpoint;
import dev.switchboard.client.auth.internal.Tokens;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tokens a service gets for itself or for its caller at one authorization server, with no user
 * present: the client credentials grant (RFC 6749 §4.4), and the token exchange grant (RFC 8693)
 * that trades the caller's access token for one whose audience is the next hop. Both name that hop
 * as {@code resource} (RFC 8707) and, when given, {@code audience}.
 *
 * <pre>{@code
 * ServiceTokens as = ServiceTokens.builder(RegisteredClient.of("gateway", secret))
 *         .issuer("https://login.example.com").build();           // or .tokenEndpoint(URI)
 * ServiceTokens.Token own = as.clientCredentials("https://billing.example.com/mcp", null, Set.of("mcp"));
 * ServiceTokens.Token forAlice = as.exchange(alicesToken, own.value(), "https://billing.example.com/mcp", null, Set.of());
 * }</pre>
 *
 * The client authenticates with its secret ({@code client_secret_basic} unless the registration
 * says otherwise) or with a signed assertion ({@link Builder#privateKeyJwt}). Failures are
 * {@link AuthorizationException}s naming the endpoint and the server's {@code error}; they never
 * contain a token. Thread-safe; nothing is cached here (callers cache by their own key).
 */
public final class ServiceTokens implements AutoCloseable {
    /** RFC 8693's grant type. */
    public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    /** RFC 8693 §3: an OAuth 2.0 access token. */
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final OAuthHttp http;
    private final TokenEndpoint endpoint;
    private final Discovery discovery;
    private final Registration client;
    private final String issuer;
    private final URI tokenEndpoint;
    private final PrivateKey signingKey;
    private final String signingAlgorithm;
    private final Clock clock;
    private volatile ServerMetadata server;

    /**
     * A token, its expiry and scopes. {@link #toString()} hides the value.
     *
     * @param value     the access token
     * @param expiresAt when it expires, or null when the server did not say
     * @param scopes    the scopes granted
     */
    public record Token(String value, Instant expiresAt, Set<String> scopes) {
        /** Checks the value. */
        public Token {
            Objects.requireNonNull(value, "value");
            scopes = Set.copyOf(scopes);
        }

        /** True when it expires within {@code margin} of {@code now}. */
        public boolean expiresWithin(Duration margin, Instant now) {
            return expiresAt != null && !now.plus(margin).isBefore(expiresAt);
        }

        @Override
        public String toString() {
            return "Token[***, expires " + expiresAt + ", " + scopes + "]";
        }
    }

    private ServiceTokens(Builder b) {
        this.http = new OAuthHttp(b.timeout, "switchboard-service-tokens");
        this.discovery = new Discovery(http, b.allowInsecure);
        this.clock = b.clock;
        this.endpoint = new TokenEndpoint(http, clock);
        this.issuer = b.issuer;
        this.tokenEndpoint = b.tokenEndpoint;
        this.signingKey = b.signingKey;
        this.signingAlgorithm = b.signingAlgorithm;
        String method = b.client.authMethod() != null ? b.client.authMethod()
                : b.signingKey != null ? TokenEndpoint.PRIVATE_KEY_JWT
                : b.client.secret() == null ? TokenEndpoint.NONE : TokenEndpoint.BASIC;
        this.client = new Registration(b.issuer, b.client.clientId(), b.client.secret(), method, Registration.How.PRE_REGISTERED);
        if (tokenEndpoint != null) {
            // no discovery: the issuer (when known) is the private_key_jwt audience
            this.server = new ServerMetadata(null, issuer == null ? tokenEndpoint.toString() : issuer, null, tokenEndpoint,
                    null, List.of(), List.of(), List.of(method), List.of(), false, false, JsonObject.EMPTY);
        }
    }

    /** A builder for {@code client}, which authenticates every token request. */
    public static Builder builder(RegisteredClient client) {
        return new Builder(client);
    }

    /** The client id requests are made as. */
    public String clientId() {
        return client.clientId();
    }

    /**
     * A token for this client itself (client credentials grant).
     *
     * @param resource the RFC 8707 resource the token is for (e.g. the upstream's URL), or null
     * @param audience the RFC 8693 {@code audience}, or null
     * @param scopes   the scopes to ask for; empty for the client's defaults
     * @throws AuthorizationException when the server cannot be reached or refuses
     */
    public Token clientCredentials(String resource, String audience, Set<String> scopes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        return request(form, resource, audience, scopes);
    }

    /**
     * The caller's {@code subjectToken} exchanged for a token for {@code resource} (RFC 8693 §2.1),
     * with this client as the actor. The subject token is sent to this authorization server only.
     *
     * @param subjectToken the caller's access token
     * @param actorToken   a token representing this client ({@code actor_token}), or null
     * @param resource     the RFC 8707 resource the new token is for, or null
     * @param audience     the RFC 8693 {@code audience}, or null
     * @param scopes       the scopes to ask for; empty for what the server grants
     * @throws AuthorizationException when the server cannot be reached or refuses
     */
    public Token exchange(String subjectToken, String actorToken, String resource, String audience, Set<String> scopes) {
        Objects.requireNonNull(subjectToken, "subjectToken");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", TOKEN_EXCHANGE);
        form.put("subject_token", subjectToken);
        form.put("subject_token_type", ACCESS_TOKEN_TYPE);
        if (actorToken != null) {
            form.put("actor_token", actorToken);
            form.put("actor_token_type", ACCESS_TOKEN_TYPE);
        }
        form.put("requested_token_type", ACCESS_TOKEN_TYPE);
        return request(form, resource, audience, scopes);
    }

    private Token request(Map<String, String> form, String resource, String audience, Set<String> scopes) {
        if (resource != null) {
            form.put("resource", resource);
        }
        if (audience != null) {
            form.put("audience", audience);
        }
        if (!scopes.isEmpty()) {
            form.put("scope", String.join(" ", scopes));
        }
        Tokens t = endpoint.request(server(), client, form, scopes, this::assertion, Map.of());
        return new Token(t.accessToken(), t.expiresAt(), t.scopes());
    }

    private ServerMetadata server() {
        ServerMetadata s = server;
        if (s == null) {
            s = discovery.server(issuer);
            server = s;
        }
        return s;
    }

    /** An RFC 7523 client assertion: iss = sub = client id, aud = the issuer, five minutes. */
    private String assertion(String audience) {
        if (signingKey == null) {
            throw new AuthorizationException("client " + client.clientId() + " authenticates with private_key_jwt"
                    + " but no signing key is configured (ServiceTokens.Builder.privateKeyJwt)");
        }
        long now = clock.instant().getEpochSecond();
        JsonObject claims = JsonObject.builder().put("iss", client.clientId()).put("sub", client.clientId())
                .put("aud", audience).put("iat", now).put("exp", now + 300).put("jti", Pkce.random(16)).build();
        return Jws.sign(signingAlgorithm, signingKey, JsonObject.of("typ", Json.of("JWT")), claims);
    }

    /** Releases the HTTP client. */
    @Override
    public void close() {
        http.close();
    }

    /** Configures {@link ServiceTokens}. */
    public static final class Builder {
        private final RegisteredClient client;
        private String issuer;
        private URI tokenEndpoint;
        private PrivateKey signingKey;
        private String signingAlgorithm;
        private boolean allowInsecure;
        private Duration timeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder(RegisteredClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The authorization server, by issuer: its token endpoint is discovered (RFC 8414, then OIDC). */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** The token endpoint itself, with no discovery. */
        public Builder tokenEndpoint(URI tokenEndpoint) {
            this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
            return this;
        }

        /**
         * Authenticates with a JWT signed by {@code key} ({@code private_key_jwt}, RFC 7523 §2.2)
         * instead of a secret; {@code algorithm} e.g. {@code ES256} or {@code RS256}.
         */
        public Builder privateKeyJwt(PrivateKey key, String algorithm) {
            this.signingKey = Objects.requireNonNull(key, "key");
            this.signingAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** Allows plain {@code http} on hosts other than loopback ones (never in production). */
        public Builder allowInsecureHttp() {
            this.allowInsecure = true;
            return this;
        }

        /** Bound on each request to the authorization server (default 30 s). */
        public Builder httpTimeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** For tests: the clock of token expiry. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds it; nothing is fetched yet.
         *
         * @throws IllegalStateException without an issuer or a token endpoint
         */
        public ServiceTokens build() {
            if (issuer == null && tokenEndpoint == null) {
                throw new IllegalStateException("ServiceTokens needs the authorization server's issuer or token endpoint");
            }
            if (tokenEndpoint != null && !allowInsecure && !"https".equalsIgnoreCase(tokenEndpoint.getScheme())
                    && !Discovery.isLoopback(tokenEndpoint.getHost())) {
                throw new IllegalStateException("the token endpoint " + tokenEndpoint
                        + " is not https; refusing to send credentials over it");
            }
            return new ServiceTokens(this);
        }
    }
}
