package dev.switchboard.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.switchboard.auth.internal.Introspector;
import dev.switchboard.auth.internal.IssuerKeys;
import dev.switchboard.auth.internal.JwtVerifier;
import dev.switchboard.auth.internal.TokenRejected;
import dev.switchboard.http.AuthenticationException;
import dev.switchboard.http.BearerChallenge;
import dev.switchboard.http.Authenticator;
import dev.switchboard.http.MalformedFieldException;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.http.RequestFields;
import dev.switchboard.http.Route;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.headers.HeaderValues;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.Interceptor;
import dev.switchboard.server.Principal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes an MCP endpoint an OAuth 2.1 resource server (protocol brief §7):
 * <ul>
 *   <li>serves its Protected Resource Metadata (RFC 9728) at both well-known locations;</li>
 *   <li>accepts bearer tokens from the {@code Authorization} header only, validated as JWT access
 *       tokens (RFC 9068) of a trusted issuer, or by RFC 7662 introspection for opaque tokens, and
 *       issued for this resource (its canonical URI or a configured alias);</li>
 *   <li>answers 401 with {@code WWW-Authenticate: Bearer resource_metadata=…, scope=…} and 403
 *       {@code insufficient_scope} naming every scope the operation needs;</li>
 *   <li>enforces {@link ScopeRules} by method and tool.</li>
 * </ul>
 *
 * <pre>{@code
 * OAuthResourceServer oauth = OAuthResourceServer.builder(URI.create("https://mcp.example.com/mcp"))
 *         .issuer(TrustedIssuer.jwt("https://login.example.com", URI.create("https://login.example.com/jwks")))
 *         .scopes(new ScopeRules(Set.of("mcp"), Map.of(), Map.of("refund", Set.of("payments:write"))))
 *         .build();
 * McpServer server = McpServer.builder("shop", "1.0").interceptor(oauth.interceptor())...build();
 * McpHttpServer http = oauth.protect(McpHttpServer.builder(server).port(8080)).start();
 * }</pre>
 *
 * Thread-safe. {@link #authenticate} blocks while keys are fetched or a token is introspected.
 * DPoP is not supported yet: a sender-constrained token ({@code cnf}) is refused rather than
 * accepted as a bearer token, and the {@code DPoP} scheme is refused as not a Bearer token.
 */
public final class OAuthResourceServer implements Authenticator, AutoCloseable {
    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final URI resource;
    private final ScopeRules scopes;
    private final JwtVerifier jwt;
    private final Introspector introspector;
    private final MembershipClaims membership;
    private final SafeHttpClient http;
    private final boolean ownsHttp;
    private final String metadataUrl;
    private final byte[] metadata;

    private OAuthResourceServer(Builder b) {
        this.resource = b.resource;
        this.scopes = b.scopes;
        this.membership = b.membership;
        this.ownsHttp = b.http == null;
        this.http = ownsHttp ? SafeHttpClient.builder().build() : b.http;
        Set<String> audiences = new LinkedHashSet<>();
        audiences.add(resource.toString());
        b.aliases.forEach(a -> audiences.add(a.toString()));
        Clock clock = Clock.systemUTC();
        Map<String, IssuerKeys> keys = new HashMap<>();
        TrustedIssuer introspected = null;
        for (TrustedIssuer issuer : b.issuers) {
            if (issuer.jwksUri() != null) {
                keys.put(issuer.issuer(), new IssuerKeys(issuer.jwksUri(), http, b.jwksTtl, b.jwksRefresh, clock));
            }
            if (issuer.introspection() != null) {
                introspected = issuer;
            }
        }
        this.jwt = keys.isEmpty() ? null : new JwtVerifier(keys, b.algorithms, b.acceptPlainJwtType, audiences, b.clockSkew, clock);
        this.introspector = introspected == null ? null : new Introspector(introspected, http, audiences, b.introspectionCache, clock);
        this.metadataUrl = wellKnown(resource, true);
        JsonObject.Builder doc = JsonObject.builder()
                .put("resource", resource.toString())
                .put("authorization_servers", JsonArray.ofStrings(b.issuers.stream().map(TrustedIssuer::issuer).toList()))
                .put("scopes_supported", JsonArray.ofStrings(scopes.all()))
                .put("bearer_methods_supported", JsonArray.ofStrings(List.of("header")));
        if (b.resourceName != null) {
            doc.put("resource_name", b.resourceName);
        }
        this.metadata = Wire.write(doc.build());
    }

    /** A builder for the resource at canonical URI {@code resource}, e.g. {@code https://mcp.example.com/mcp}. */
    public static Builder builder(URI resource) {
        return new Builder(resource);
    }

    /** The canonical URI: what tokens' {@code aud} and the metadata's {@code resource} are. */
    public URI resource() {
        return resource;
    }

    /** The URL of the metadata document named in challenges (the path-inserted well-known URI). */
    public String metadataUrl() {
        return metadataUrl;
    }

    /** The RFC 9728 document, as served. */
    public JsonObject metadata() {
        return (JsonObject) Wire.parse(metadata);
    }

    /**
     * The interceptor that enforces the scope rules on decoded requests; add it to the
     * {@code McpServer} (needed for session-era requests, whose method the authenticator cannot see).
     */
    public Interceptor interceptor() {
        return new ScopeInterceptor(scopes);
    }

    /**
     * Installs this as {@code builder}'s authenticator and mounts the metadata at
     * {@code /.well-known/oauth-protected-resource<path>} and {@code /.well-known/oauth-protected-resource}.
     * The endpoint's path should be the resource URI's path.
     */
    public McpHttpServer.Builder protect(McpHttpServer.Builder builder) {
        Route document = request -> new Route.Reply(200, "application/json", metadata);
        builder.authenticator(this).route(URI.create(metadataUrl).getRawPath(), document);
        String root = URI.create(wellKnown(resource, false)).getRawPath();
        if (!root.equals(URI.create(metadataUrl).getRawPath())) {
            builder.route(root, document);
        }
        return builder;
    }

    @Override
    public Principal authenticate(Inbound request) throws AuthenticationException {
        String method = request.header("Mcp-Method");
        String tool = "tools/call".equals(method) ? decoded(request.header("Mcp-Name")) : null;
        Set<String> required = scopes.required(method == null ? null : method.strip(), tool);
        Set<String> challengeScopes = method == null ? scopes.all() : required;
        Map<String, String> query;
        try {
            query = RequestFields.query(request.query());
        } catch (MalformedFieldException e) { // a pair that does not decode could be hiding an access_token
            throw AuthenticationException.unauthorized(e.getMessage(), challenge("invalid_request", e.getMessage(), challengeScopes));
        }
        if (query.containsKey("access_token")) {
            String message = "Access tokens are accepted only in the Authorization header, never in the query string";
            throw AuthenticationException.unauthorized(message, challenge("invalid_request", message, challengeScopes));
        }
        String authorization = request.header("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw AuthenticationException.unauthorized("This MCP endpoint needs an OAuth access token: send 'Authorization: Bearer <token>'"
                    + " (how to get one: " + metadataUrl + ")", challenge(null, null, challengeScopes));
        }
        String token = request.bearerToken();
        if (token == null) {
            String scheme = authorization.strip().split("\\s+", 2)[0];
            String message = "The Authorization header uses the " + scheme + " scheme; this endpoint accepts Bearer tokens only";
            throw AuthenticationException.unauthorized(message, challenge("invalid_request", message, challengeScopes));
        }
        AccessToken accepted;
        try {
            accepted = verify(token);
        } catch (TokenRejected e) {
            throw AuthenticationException.unauthorized(e.getMessage(), challenge("invalid_token", e.getMessage(), challengeScopes));
        }
        if (!accepted.scopes().containsAll(required)) {
            Set<String> missing = new TreeSet<>(required);
            missing.removeAll(accepted.scopes());
            String message = insufficientScope(method.strip(), tool, required, missing);
            throw AuthenticationException.forbidden(message, challenge("insufficient_scope", message, required));
        }
        return accepted.principal(membership);
    }

    /**
     * True: an accepted token is an access token of a trusted issuer, so the server may keep it in
     * memory for the request ({@link dev.switchboard.http.InboundCredential}) to exchange it at that
     * issuer (RFC 8693) for a token of its own; it is never forwarded as it is.
     */
    @Override
    public boolean keepsBearerToken() {
        return true;
    }

    private AccessToken verify(String token) throws TokenRejected {
        if (jwt != null && JwtVerifier.looksLikeJwt(token)) {
            return jwt.verify(token);
        }
        if (introspector != null) {
            return introspector.verify(token);
        }
        throw new TokenRejected("The bearer token is not a JWT, and no introspection endpoint is configured for opaque tokens");
    }

    /** The message of a 403 (and of the interceptor's -31403): every scope needed, and which are missing. */
    static String insufficientScope(String method, String tool, Set<String> required, Set<String> missing) {
        return "Insufficient scope: " + method + (tool == null ? "" : " of tool \"" + tool + "\"") + " needs scope"
                + (required.size() == 1 ? " " : "s ") + String.join(" ", required) + "; the token lacks " + String.join(" ", missing);
    }

    private String challenge(String error, String description, Set<String> scope) {
        return BearerChallenge.of("error", error, "error_description", error == null ? null : description,
                "resource_metadata", metadataUrl, "scope", scope.isEmpty() ? null : String.join(" ", scope));
    }

    private static String decoded(String header) {
        if (header == null) {
            return null;
        }
        try {
            return HeaderValues.decode(header);
        } catch (IllegalArgumentException e) {
            return header.strip(); // the endpoint refuses the malformed header later, with a 400
        }
    }

    private static String wellKnown(URI resource, boolean pathInserted) {
        String path = resource.getRawPath() == null || resource.getRawPath().equals("/") ? "" : resource.getRawPath();
        return resource.getScheme() + "://" + resource.getRawAuthority() + WELL_KNOWN + (pathInserted ? path : "");
    }

    /** Closes the outbound HTTP client, when this created it. */
    @Override
    public void close() {
        if (ownsHttp) {
            http.close();
        }
    }

    /** Configures an {@link OAuthResourceServer}. */
    public static final class Builder {
        private static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
                JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
                JWSAlgorithm.ES384, JWSAlgorithm.ES512);

        private final URI resource;
        private final Set<URI> aliases = new LinkedHashSet<>();
        private final List<TrustedIssuer> issuers = new ArrayList<>();
        private ScopeRules scopes = ScopeRules.NONE;
        private Set<JWSAlgorithm> algorithms = DEFAULT_ALGORITHMS;
        private boolean acceptPlainJwtType;
        private Duration clockSkew = Duration.ofSeconds(30);
        private Duration jwksTtl = Duration.ofMinutes(10);
        private Duration jwksRefresh = Duration.ofSeconds(30);
        private Duration introspectionCache = Duration.ofMinutes(1);
        private SafeHttpClient http;
        private String resourceName;
        private MembershipClaims membership = MembershipClaims.DEFAULT;

        private Builder(URI resource) {
            this.resource = canonical(resource);
        }

        private static URI canonical(URI uri) {
            Objects.requireNonNull(uri, "resource");
            if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null || uri.getRawQuery() != null) {
                throw new IllegalArgumentException("a resource URI is absolute, with a host and no query or fragment: " + uri);
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            // RFC 9728 §3.3: clients compare the resource exactly; scheme and host are case-insensitive, so lowercase them
            return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT) + path);
        }

        /**
         * Which claims carry groups, roles and tenant for {@code Principal} (default
         * {@link MembershipClaims#DEFAULT}: {@code groups}, {@code roles}, {@code tenant}).
         */
        public Builder membership(MembershipClaims claims) {
            this.membership = Objects.requireNonNull(claims, "claims");
            return this;
        }

        /** Another URI tokens may name as their audience (e.g. the address behind a proxy). */
        public Builder alias(URI alias) {
            aliases.add(canonical(alias));
            return this;
        }

        /** Trusts {@code issuer}'s tokens; at least one is needed. At most one may have introspection. */
        public Builder issuer(TrustedIssuer issuer) {
            Objects.requireNonNull(issuer, "issuer");
            if (issuer.introspection() != null && issuers.stream().anyMatch(i -> i.introspection() != null)) {
                // an opaque token says nothing about its issuer, and sending it to the wrong one would leak it
                throw new IllegalArgumentException("only one issuer may introspect opaque tokens");
            }
            issuers.add(issuer);
            return this;
        }

        /** The scopes requests need (default: none beyond a valid token). */
        public Builder scopes(ScopeRules scopes) {
            this.scopes = Objects.requireNonNull(scopes, "scopes");
            return this;
        }

        /**
         * The accepted JWS algorithms, by name (default: RS*, PS*, ES*).
         *
         * @throws IllegalArgumentException for {@code none}, HMAC ({@code HS*}) or an unknown name
         */
        public Builder algorithms(Set<String> names) {
            Set<JWSAlgorithm> out = new LinkedHashSet<>();
            for (String name : names) {
                JWSAlgorithm alg = JWSAlgorithm.parse(name);
                if (name.equalsIgnoreCase("none") || JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
                    throw new IllegalArgumentException(name + " cannot verify tokens against an issuer's public keys");
                }
                if (!DEFAULT_ALGORITHMS.contains(alg) && !alg.equals(JWSAlgorithm.EdDSA) && !alg.equals(JWSAlgorithm.Ed25519)) {
                    throw new IllegalArgumentException("unknown JWS algorithm " + name);
                }
                out.add(alg);
            }
            this.algorithms = Set.copyOf(out);
            return this;
        }

        /** Also accepts JWTs whose {@code typ} is {@code JWT} or absent, for issuers predating RFC 9068 (default: at+jwt only). */
        public Builder acceptPlainJwtType(boolean accept) {
            this.acceptPlainJwtType = accept;
            return this;
        }

        /** Tolerance for clock differences on {@code exp} and {@code nbf} (default 30 s). */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = Objects.requireNonNull(skew, "skew");
            return this;
        }

        /** How long fetched keys are used before they are fetched again (default 10 minutes). */
        public Builder jwksTtl(Duration ttl) {
            this.jwksTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** The least time between two fetches of one issuer's keys, e.g. for unknown {@code kid}s (default 30 s). */
        public Builder jwksRefreshInterval(Duration interval) {
            this.jwksRefresh = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** The longest an introspection answer is reused; never past the token's {@code exp} (default 1 minute). */
        public Builder introspectionCache(Duration ttl) {
            this.introspectionCache = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** The client for JWKS and introspection (default: a {@link SafeHttpClient} with its defaults, closed with this). */
        public Builder http(SafeHttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** A name for people, published as {@code resource_name}. */
        public Builder resourceName(String name) {
            this.resourceName = name;
            return this;
        }

        /** The resource server. */
        public OAuthResourceServer build() {
            if (issuers.isEmpty()) {
                throw new IllegalStateException("an OAuth resource server needs at least one trusted issuer");
            }
            return new OAuthResourceServer(this);
        }
    }
}
