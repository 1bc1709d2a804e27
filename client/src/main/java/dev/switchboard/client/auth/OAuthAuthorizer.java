package dev.switchboard.client.auth;

import dev.switchboard.client.McpClient;
import dev.switchboard.client.auth.internal.CodeFlow;
import dev.switchboard.client.auth.internal.Discovery;
import dev.switchboard.client.auth.internal.Jws;
import dev.switchboard.client.auth.internal.Tokens;
import dev.switchboard.client.auth.internal.OAuthHttp;
import dev.switchboard.client.auth.internal.Registrar;
import dev.switchboard.client.auth.internal.Registration;
import dev.switchboard.client.auth.internal.ResourceMetadata;
import dev.switchboard.client.auth.internal.ServerMetadata;
import dev.switchboard.client.auth.internal.TokenEndpoint;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An OAuth 2.1 client for MCP servers, following the MCP authorization specification. Nothing
 * happens until the server refuses a request; then, on a 401:
 *
 * <ol>
 *   <li>Protected resource metadata (RFC 9728) from the challenge's {@code resource_metadata},
 *       else the path-inserted then the root well-known URL. Its {@code resource} must identify
 *       the MCP endpoint, or authorization stops.</li>
 *   <li>Authorization server metadata for the first listed server: RFC 8414, then OpenID Connect
 *       Discovery URLs. Its {@code issuer} must equal the issuer listed, exactly.</li>
 *   <li>A client identity at that server, bound to its issuer: a {@link RegisteredClient}
 *       configured for it; else a Client ID Metadata Document URL when the server supports them;
 *       else dynamic registration (RFC 7591, with {@code application_type}).</li>
 *   <li>Scopes: the challenge's {@code scope}, else the resource's {@code scopes_supported}, else
 *       none (no {@code scope} parameter); plus {@code offline_access} when the authorization
 *       server lists it.</li>
 *   <li>The authorization code grant with PKCE S256 and {@code resource} (RFC 8707), through the
 *       {@link AuthorizationHandler}. The response's {@code iss} must equal the issuer (RFC 9207),
 *       and is required when the server advertises it; {@code state} must match.</li>
 *   <li>The token request with the client's authentication method and the same {@code resource}.</li>
 * </ol>
 *
 * <p>Later refusals: a 401 with a token discards it and discovers again from the new challenge;
 * when the resource now names another authorization server the client registers there afresh
 * (credentials are never shown to another issuer); with the same server a refresh token is tried
 * first. A 403 {@code insufficient_scope} authorizes again for the union of the scopes held and
 * those challenged, unless the token already has them all (then the call fails: another round
 * would not help). Expired tokens are refreshed before use when a refresh token exists.
 *
 * <pre>{@code
 * OAuthAuthorizer oauth = OAuthAuthorizer.builder(LoopbackAuthorizationHandler.browserOrPrint(System.err::println))
 *         .clientName("Acme assistant")
 *         .build();
 * try (McpClient client = McpClient.builder(URI.create("https://mcp.example.com/mcp"))
 *         .authorizer(oauth).build()) {
 *     client.listAllTools();
 * }
 * }</pre>
 *
 * <p>Thread-safe; one instance serves one MCP server (share it between clients of that server).
 * Tokens and registrations are kept in memory only.
 */
public final class OAuthAuthorizer implements Authorizer, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OAuthAuthorizer.class.getName());
    private static final String OFFLINE_ACCESS = "offline_access";
    private static final long EXPIRY_SKEW_SECONDS = 30;

    /** How tokens are obtained. */
    private enum Flow {
        AUTHORIZATION_CODE, CLIENT_CREDENTIALS, JWT_BEARER
    }

    private final Flow grantType;
    private final AuthorizationHandler handler;
    private final JwtBearerAssertion assertion;
    private final PrivateKey signingKey;
    private final String signingAlgorithm;
    private final List<RegisteredClient> clients;
    private final URI clientMetadataUrl;
    private final boolean dynamicRegistration;
    private final String clientName;
    private final String applicationType;
    private final boolean offlineAccess;
    private final Clock clock;
    private final OAuthHttp http;
    private final Discovery discovery;
    private final Registrar registrar;
    private final TokenEndpoint tokens;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Registration> registrations = new HashMap<>();
    private ResourceMetadata resource;
    private ServerMetadata server;
    private Set<String> requestedScopes = Set.of();
    private volatile Tokens grant;

    private OAuthAuthorizer(Builder b) {
        this.grantType = b.grantType;
        this.handler = b.handler;
        this.assertion = b.assertion;
        this.signingKey = b.signingKey;
        this.signingAlgorithm = b.signingAlgorithm;
        this.clients = List.copyOf(b.clients);
        this.clientMetadataUrl = b.clientMetadataUrl;
        this.dynamicRegistration = b.dynamicRegistration;
        this.clientName = b.clientName;
        this.applicationType = b.applicationType != null ? b.applicationType
                : handler == null ? "native" : defaultApplicationType(handler.redirectUri());
        this.offlineAccess = b.offlineAccess;
        this.clock = b.clock;
        this.http = new OAuthHttp(b.httpTimeout, b.userAgent);
        this.discovery = new Discovery(http, b.allowInsecureHttp);
        this.registrar = new Registrar(http);
        this.tokens = new TokenEndpoint(http, clock);
    }

    /**
     * A builder for the authorization code flow, with {@code handler} taking the user to the
     * authorization server and back.
     */
    public static Builder builder(AuthorizationHandler handler) {
        return new Builder(Flow.AUTHORIZATION_CODE, Objects.requireNonNull(handler, "handler"), null);
    }

    /**
     * A builder for machine-to-machine access with the client credentials grant (the
     * {@code io.modelcontextprotocol/oauth-client-credentials} extension): no user, no browser. The
     * client authenticates with its secret ({@code client_secret_basic} or {@code _post}) or, after
     * {@link Builder#privateKeyJwt}, with a signed JWT assertion (RFC 7523 {@code private_key_jwt}).
     */
    public static Builder clientCredentials(RegisteredClient client) {
        return new Builder(Flow.CLIENT_CREDENTIALS, null, null).client(Objects.requireNonNull(client, "client"));
    }

    /**
     * A builder for the RFC 7523 JWT bearer grant: {@code assertion} supplies a JWT the authorization
     * server trusts (a workload identity token, or an enterprise identity assertion grant). A
     * {@link RegisteredClient} for the server, if configured, authenticates the request.
     */
    public static Builder jwtBearer(JwtBearerAssertion assertion) {
        return new Builder(Flow.JWT_BEARER, null, Objects.requireNonNull(assertion, "assertion"));
    }

    @Override
    public Map<String, String> headers(String httpMethod, URI uri) {
        Tokens g = grant;
        if (g != null && g.expired(clock.instant(), EXPIRY_SKEW_SECONDS)) {
            g = refreshExpired(g);
        }
        return g == null ? Map.of() : Map.of("Authorization", g.authorization());
    }

    @Override
    public boolean onChallenge(AuthChallenge challenge) {
        lock.lock();
        try {
            Tokens g = grant;
            String current = g == null ? null : g.authorization();
            if (!Objects.equals(current, challenge.credentials())) {
                return true; // another call already replaced the credentials this request carried
            }
            return challenge.status() == 403 ? stepUp(challenge) : reauthorize(challenge);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every token (registrations are kept): the next refusal authorizes from scratch. */
    public void signOut() {
        lock.lock();
        try {
            grant = null;
            requestedScopes = Set.of();
        } finally {
            lock.unlock();
        }
    }

    /** True when an access token is held. */
    public boolean authorized() {
        return grant != null;
    }

    /** The scopes of the token held; empty when there is none. */
    public Set<String> scopes() {
        Tokens g = grant;
        return g == null ? Set.of() : g.scopes();
    }

    /** Releases the HTTP client. */
    @Override
    public void close() {
        http.close();
    }

    // ---- the flow ---------------------------------------------------------------------------

    /** A 401: discover again from this challenge, then refresh or authorize. */
    private boolean reauthorize(AuthChallenge c) {
        Tokens old = grant;
        grant = null;
        ResourceMetadata prm = discovery.resource(c.uri(), c.resourceMetadata());
        String issuer = prm.authorizationServers().getFirst();
        boolean sameServer = server != null && server.issuer().equals(issuer);
        ServerMetadata as = sameServer ? server : discovery.server(issuer);
        if (!sameServer && server != null) {
            LOG.log(System.Logger.Level.INFO, "the resource " + prm.resource() + " moved from authorization server "
                    + server.issuer() + " to " + issuer + "; registering there");
            requestedScopes = Set.of();
        }
        boolean sameResource = resource != null && resource.resource().equals(prm.resource());
        resource = prm;
        server = as;
        if (sameServer && sameResource && old != null && old.refreshToken() != null) {
            try {
                grant = refresh(old);
                return true;
            } catch (AuthorizationException e) {
                LOG.log(System.Logger.Level.DEBUG, "refreshing failed, authorizing again: " + e.getMessage());
            }
        }
        authorize(scopes(c.scopes(), prm, as));
        return true;
    }

    /** A 403 insufficient_scope: authorize for more, unless that cannot help. */
    private boolean stepUp(AuthChallenge c) {
        Set<String> needed = c.scopes();
        Tokens g = grant;
        if (needed.isEmpty() || g != null && g.scopes().containsAll(needed)) {
            LOG.log(System.Logger.Level.DEBUG, "the server wants scopes " + needed + " and the token has " + (g == null
                    ? "none" : g.scopes()) + "; authorizing again would not help");
            return false;
        }
        if (resource == null || server == null) {
            resource = discovery.resource(c.uri(), c.resourceMetadata());
            server = discovery.server(resource.authorizationServers().getFirst());
        }
        Set<String> union = new LinkedHashSet<>(requestedScopes);
        union.addAll(needed);
        authorize(withOfflineAccess(union, server));
        return true;
    }

    /** The scopes to ask for on a 401 (MCP authorization, "scope selection strategy"). */
    private Set<String> scopes(Set<String> challenged, ResourceMetadata prm, ServerMetadata as) {
        Set<String> s = new LinkedHashSet<>(!challenged.isEmpty() ? challenged : prm.scopesSupported());
        return withOfflineAccess(s, as);
    }

    private Set<String> withOfflineAccess(Set<String> scopes, ServerMetadata as) {
        Set<String> s = new LinkedHashSet<>(scopes);
        if (offlineAccess && !s.isEmpty() && as.scopesSupported().contains(OFFLINE_ACCESS)) {
            s.add(OFFLINE_ACCESS);
        }
        return s;
    }

    /** Gets a token for {@code scopes} at the current server with the configured grant. */
    private void authorize(Set<String> scopes) {
        switch (grantType) {
            case AUTHORIZATION_CODE -> authorizationCode(scopes);
            case CLIENT_CREDENTIALS -> withoutUser(scopes, "client_credentials", Map.of());
            case JWT_BEARER -> {
                String jwt;
                try {
                    jwt = assertion.assertion(server.issuer(), resource.resource());
                } catch (AuthorizationException e) {
                    throw e;
                } catch (Exception e) {
                    throw new AuthorizationException("No JWT bearer assertion for " + server.issuer() + ": " + e.getMessage(), e);
                }
                withoutUser(scopes, "urn:ietf:params:oauth:grant-type:jwt-bearer", Map.of("assertion", jwt));
            }
        }
    }

    /** A grant without user interaction: one token request. */
    private void withoutUser(Set<String> scopes, String grant, Map<String, String> params) {
        ServerMetadata as = server;
        Registration client = grantType == Flow.JWT_BEARER ? configured(as) : registration(as);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grant);
        form.putAll(params);
        form.put("resource", resource.resource());
        if (!scopes.isEmpty()) {
            form.put("scope", String.join(" ", scopes));
        }
        grant(tokens.request(as, client, form, scopes, this::clientAssertion, Map.of()), scopes);
    }

    private void grant(Tokens tokens, Set<String> scopes) {
        grant = tokens;
        requestedScopes = scopes;
    }

    /** An RFC 7523 client assertion for {@code private_key_jwt}: iss = sub = client id, aud = the issuer. */
    private String clientAssertion(String issuer) {
        if (signingKey == null) {
            throw new AuthorizationException("private_key_jwt needs a signing key (OAuthAuthorizer.Builder.privateKeyJwt)");
        }
        Registration client = registrations.get(issuer);
        long now = clock.instant().getEpochSecond();
        JsonObject claims = JsonObject.builder().put("iss", client.clientId()).put("sub", client.clientId())
                .put("aud", issuer).put("iat", now).put("exp", now + 300).put("jti", dev.switchboard.client.auth.internal.Pkce.random(16))
                .build();
        return Jws.sign(signingAlgorithm, signingKey, JsonObject.of("typ", Json.of("JWT")), claims);
    }

    /** A configured client for {@code as}, or null (no client authentication). */
    private Registration configured(ServerMetadata as) {
        for (RegisteredClient c : clients) {
            if (c.issuer() == null || c.issuer().equals(as.issuer())) {
                Registration r = new Registration(as.issuer(), c.clientId(), c.secret(), c.authMethod(),
                        Registration.How.PRE_REGISTERED);
                registrations.put(as.issuer(), r);
                return r;
            }
        }
        return null;
    }

    /** The authorization code grant for {@code scopes} at the current server. */
    private void authorizationCode(Set<String> scopes) {
        ServerMetadata as = server;
        Registration client = registration(as);
        CodeFlow flow = CodeFlow.start(as, client.clientId(), handler.redirectUri(), scopes, resource.resource());
        URI callback;
        try {
            callback = handler.authorize(flow.url());
        } catch (AuthorizationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthorizationException("Authorization at " + as.issuer() + " was interrupted", e);
        } catch (Exception e) {
            throw new AuthorizationException("Authorization at " + as.issuer() + " did not complete: " + e.getMessage(), e);
        }
        String code = flow.code(as, callback);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", flow.redirectUri().toString());
        form.put("code_verifier", flow.pkce().verifier());
        form.put("resource", resource.resource());
        grant(tokens.request(as, client, form, scopes, this::clientAssertion, Map.of()), scopes);
    }

    private Tokens refresh(Tokens old) {
        Registration client = registrations.get(old.issuer());
        if (server == null || !server.issuer().equals(old.issuer()) || client == null) {
            throw new AuthorizationException("no registration to refresh the token with");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", old.refreshToken());
        form.put("resource", resource.resource());
        Tokens fresh = tokens.request(server, client, form, old.scopes(), this::clientAssertion, Map.of());
        return fresh.refreshToken() != null ? fresh : new Tokens(fresh.accessToken(), fresh.tokenType(), fresh.expiresAt(),
                old.refreshToken(), fresh.scopes(), fresh.issuer());
    }

    private Tokens refreshExpired(Tokens expired) {
        if (expired.refreshToken() == null) {
            return expired; // send it anyway; the server's 401 starts over
        }
        lock.lock();
        try {
            if (grant != expired) {
                return grant;
            }
            try {
                grant = refresh(expired);
            } catch (AuthorizationException e) {
                LOG.log(System.Logger.Level.DEBUG, "refreshing the expired token failed: " + e.getMessage());
                grant = null;
            }
            return grant;
        } finally {
            lock.unlock();
        }
    }

    /** The client's identity at {@code as}, registering when needed. Never another issuer's. */
    private Registration registration(ServerMetadata as) {
        Registration known = registrations.get(as.issuer());
        if (known != null) {
            return known;
        }
        Registration r = null;
        for (RegisteredClient c : clients) {
            if (c.issuer() == null || c.issuer().equals(as.issuer())) {
                r = new Registration(as.issuer(), c.clientId(), c.secret(), c.authMethod(), Registration.How.PRE_REGISTERED);
                break;
            }
        }
        if (r == null && grantType != Flow.AUTHORIZATION_CODE) {
            throw new AuthorizationException("No client registered for authorization server " + as.issuer()
                    + " (the client credentials grant needs a RegisteredClient for it)");
        }
        if (r == null && clientMetadataUrl != null && as.clientIdMetadataDocuments()) {
            r = new Registration(as.issuer(), clientMetadataUrl.toString(), null, TokenEndpoint.NONE,
                    Registration.How.METADATA_DOCUMENT);
        }
        if (r == null && dynamicRegistration) {
            r = registrar.register(as, clientMetadata());
        }
        if (r == null) {
            throw new AuthorizationException("No client identity for authorization server " + as.issuer()
                    + ": configure a RegisteredClient for it" + (clientMetadataUrl == null ? " or a client metadata document URL"
                    : " (it does not accept client metadata document URLs)"));
        }
        registrations.put(as.issuer(), r);
        return r;
    }

    /** The RFC 7591 metadata this client registers with. */
    private JsonObject clientMetadata() {
        List<Json> grants = new ArrayList<>(List.of(Json.of("authorization_code"), Json.of("refresh_token")));
        return JsonObject.builder()
                .put("client_name", clientName)
                .put("redirect_uris", JsonArray.of(Json.of(handler.redirectUri().toString())))
                .put("grant_types", new JsonArray(grants))
                .put("response_types", JsonArray.of(Json.of("code")))
                .put("token_endpoint_auth_method", TokenEndpoint.NONE)
                .put("application_type", applicationType)
                .build();
    }

    private static String defaultApplicationType(URI redirect) {
        String scheme = redirect.getScheme();
        boolean web = ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                && !Discovery.isLoopback(redirect.getHost());
        return web ? "web" : "native";
    }

    /** Configures an {@link OAuthAuthorizer}. */
    public static final class Builder {
        private final Flow grantType;
        private final AuthorizationHandler handler;
        private final JwtBearerAssertion assertion;
        private PrivateKey signingKey;
        private String signingAlgorithm;
        private final List<RegisteredClient> clients = new ArrayList<>();
        private URI clientMetadataUrl;
        private boolean dynamicRegistration = true;
        private String clientName = "Switchboard MCP client";
        private String applicationType;
        private boolean offlineAccess = true;
        private boolean allowInsecureHttp;
        private Duration httpTimeout = Duration.ofSeconds(30);
        private String userAgent = "switchboard-client/" + McpClient.VERSION;
        private Clock clock = Clock.systemUTC();

        private Builder(Flow grantType, AuthorizationHandler handler, JwtBearerAssertion assertion) {
            this.grantType = grantType;
            this.handler = handler;
            this.assertion = assertion;
        }

        /**
         * Authenticates the client at the token endpoint with a JWT it signs with {@code key}
         * ({@code private_key_jwt}, RFC 7523 §2.2): {@code iss} and {@code sub} the client id,
         * {@code aud} the authorization server's issuer, five minutes of validity. The registered
         * client's auth method should be {@code private_key_jwt}.
         *
         * @param algorithm the JWS algorithm: {@code ES256} (P-256 key), {@code ES384}, {@code ES512},
         *                  {@code RS256}..., {@code PS256}...
         */
        public Builder privateKeyJwt(PrivateKey key, String algorithm) {
            this.signingKey = Objects.requireNonNull(key, "key");
            this.signingAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /**
         * A client registered beforehand; used with the server whose issuer it names (or any, when it
         * names none) in preference to the other ways of getting a client id. Repeatable.
         */
        public Builder client(RegisteredClient client) {
            clients.add(Objects.requireNonNull(client, "client"));
            return this;
        }

        /**
         * The HTTPS URL of this client's Client ID Metadata Document, used as {@code client_id} with
         * servers whose metadata says {@code client_id_metadata_document_supported}. The document
         * must list {@link AuthorizationHandler#redirectUri()}.
         */
        public Builder clientMetadataUrl(URI url) {
            this.clientMetadataUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Whether to register dynamically (RFC 7591) when nothing else gives a client id (default true). */
        public Builder dynamicRegistration(boolean enabled) {
            this.dynamicRegistration = enabled;
            return this;
        }

        /** {@code client_name} for dynamic registration (shown by consent screens). */
        public Builder clientName(String name) {
            this.clientName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * {@code application_type} for dynamic registration: {@code native} or {@code web}. Default:
         * {@code web} for an https or non-loopback http redirect URI, else {@code native}.
         */
        public Builder applicationType(String type) {
            if (!"native".equals(type) && !"web".equals(type)) {
                throw new IllegalArgumentException("applicationType is native or web, got " + type);
            }
            this.applicationType = type;
            return this;
        }

        /** Whether to add {@code offline_access} when the authorization server lists it (default true). */
        public Builder offlineAccess(boolean enabled) {
            this.offlineAccess = enabled;
            return this;
        }

        /**
         * Allows plain {@code http} metadata, authorization and token URLs on hosts other than
         * loopback ones (never do this in production).
         */
        public Builder allowInsecureHttp() {
            this.allowInsecureHttp = true;
            return this;
        }

        /** Bound on each request to a metadata, registration or token endpoint (default 30 s). */
        public Builder httpTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("httpTimeout must be positive");
            }
            this.httpTimeout = timeout;
            return this;
        }

        /** The {@code User-Agent} of requests to the authorization server. */
        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
            return this;
        }

        /** For tests: the clock that times token expiry. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the authorizer; nothing is fetched until the first refusal. */
        public OAuthAuthorizer build() {
            return new OAuthAuthorizer(this);
        }
    }
}
