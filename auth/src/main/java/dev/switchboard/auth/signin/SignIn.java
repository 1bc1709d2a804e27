package dev.switchboard.auth.signin;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.switchboard.auth.MembershipClaims;
import dev.switchboard.auth.internal.IssuerKeys;
import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.seal.SealException;
import dev.switchboard.state.seal.Sealer;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Signs a person in with an OpenID Connect provider: {@link #start} sends the browser to the
 * issuer's authorization endpoint (code flow, PKCE S256, {@code state}, {@code nonce}), keeping
 * those values in a sealed, short-lived cookie; {@link #finish} takes the callback, checks
 * {@code state}, redeems the code with the verifier and the client secret, checks the ID token
 * (signature against the issuer's JWKS, {@code iss}, {@code aud} = the client id, {@code exp} and
 * {@code iat} within a small skew, {@code nonce}) and seals who signed in into the session cookie
 * {@link #session} reads back. Cookies are sealed with the deployment's key ring, so the callback
 * and the next request may reach any instance. Tokens are never kept. Thread-safe.
 */
public final class SignIn {
    /** The session cookie. */
    public static final String SESSION_COOKIE = "sb_signin";
    /** The cookie holding state, nonce and verifier between {@link #start} and {@link #finish}. */
    public static final String PENDING_COOKIE = "sb_signin_pending";
    static final Duration PENDING_TTL = Duration.ofMinutes(10);
    static final Duration SKEW = Duration.ofSeconds(60);
    private static final String SESSION_PURPOSE = "signin session";
    private static final String PENDING_PURPOSE = "signin pending";
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    private static final Set<String> JSON = Set.of("application/json");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Settings settings;
    private final Provider provider;
    private final Supplier<URI> redirectUri;
    private final SafeHttpClient http;
    private final Sealer sealer;
    private final Clock clock;
    private final IssuerKeys keys;
    private final MembershipClaims membership;

    private SignIn(Settings settings, Provider provider, Supplier<URI> redirectUri, SafeHttpClient http, Sealer sealer,
                   Clock clock) {
        this.settings = settings;
        this.provider = provider;
        this.redirectUri = redirectUri;
        this.http = http;
        this.sealer = sealer;
        this.clock = clock;
        this.keys = new IssuerKeys(provider.jwksUri(), http, Duration.ofMinutes(10), Duration.ofSeconds(30), clock);
        this.membership = new MembershipClaims(settings.groupsClaim(), "", "");
    }

    /**
     * What this deployment is at its OpenID provider.
     *
     * @param issuer       the provider's issuer identifier
     * @param clientId     this client's id there
     * @param clientSecret its secret ({@code client_secret_basic}); never in a file or a log
     * @param scopes       the scopes asked for; {@code openid} is added when missing
     * @param groupsClaim  the ID token claim holding the person's groups (dotted reaches into objects; empty: none)
     * @param sessionTtl   how long a sign-in lasts
     */
    public record Settings(String issuer, String clientId, String clientSecret, List<String> scopes, String groupsClaim,
                           Duration sessionTtl) {
        public Settings {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            scopes = scopes.contains("openid") ? List.copyOf(scopes)
                    : java.util.stream.Stream.concat(java.util.stream.Stream.of("openid"), scopes.stream()).toList();
            groupsClaim = groupsClaim == null ? "" : groupsClaim;
            Objects.requireNonNull(sessionTtl, "sessionTtl");
        }

        @Override
        public String toString() { // keeps the secret out of logs
            return "Settings[issuer=" + issuer + ", clientId=" + clientId + ", scopes=" + scopes + ", groupsClaim=" + groupsClaim
                    + ", sessionTtl=" + sessionTtl + "]";
        }
    }

    /** The provider's endpoints, from its discovery document. */
    record Provider(URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri) {
    }

    /** Send the browser to {@code location}, setting {@code setCookie}. */
    public record Redirect(URI location, String setCookie) {
    }

    /**
     * A finished sign-in: who, where the browser goes back to (a path on this host), and the
     * session cookie to set.
     */
    public record Finished(SignedIn who, String returnTo, String setCookie) {
    }

    /**
     * Reads the provider's {@code /.well-known/openid-configuration} through {@code http}. Blocks.
     *
     * @param redirectUri this deployment's callback, registered at the provider; read at each
     *                    sign-in, so it may be known only once the server listens
     * @throws OutboundException when the document cannot be fetched, names another issuer, lacks
     *                           an endpoint or offers PKCE without S256
     */
    public static SignIn discover(Settings settings, Supplier<URI> redirectUri, SafeHttpClient http, Sealer sealer, Clock clock)
            throws OutboundException {
        URI where = URI.create(settings.issuer().replaceAll("/$", "") + "/.well-known/openid-configuration");
        JsonObject doc;
        try {
            doc = Wire.parse(http.get(where, JSON).body()) instanceof JsonObject o ? o : null;
        } catch (RuntimeException e) {
            throw new OutboundException(where + " is not JSON: " + e.getMessage());
        }
        if (doc == null) {
            throw new OutboundException(where + " is not a JSON object");
        }
        if (!settings.issuer().equals(doc.getString("issuer"))) { // OIDC Discovery §4.3
            throw new OutboundException(where + " names issuer " + doc.getString("issuer") + ", not " + settings.issuer());
        }
        for (String member : List.of("authorization_endpoint", "token_endpoint", "jwks_uri")) {
            if (doc.getString(member) == null) {
                throw new OutboundException(where + " has no " + member);
            }
        }
        if (doc.get("code_challenge_methods_supported") instanceof dev.switchboard.protocol.json.JsonArray methods
                && methods.values().stream().noneMatch(m -> "S256".equals(m.asString()))) {
            throw new OutboundException("issuer " + settings.issuer() + " does not offer PKCE with S256");
        }
        Provider p = new Provider(URI.create(doc.getString("authorization_endpoint")), URI.create(doc.getString("token_endpoint")),
                URI.create(doc.getString("jwks_uri")));
        return new SignIn(settings, p, redirectUri, http, sealer, clock);
    }

    /**
     * Starts a sign-in that comes back to {@code returnTo}.
     *
     * @param returnTo a path (and query) on this host, starting with one {@code /}
     */
    public Redirect start(String returnTo) {
        if (returnTo == null || !returnTo.startsWith("/") || returnTo.startsWith("//") || returnTo.contains("\\")) {
            throw new IllegalArgumentException("returnTo must be a path on this host: " + returnTo);
        }
        String state = random();
        String nonce = random();
        String verifier = random() + random(); // 86 characters, within RFC 7636's 43-128
        URI callback = redirectUri.get();
        String pending = sealer.seal(PENDING_PURPOSE, "", PENDING_TTL, JsonObject.builder().put("state", state)
                .put("nonce", nonce).put("verifier", verifier).put("returnTo", returnTo).build());
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", settings.clientId());
        q.put("redirect_uri", callback.toString());
        q.put("scope", String.join(" ", settings.scopes()));
        q.put("state", state);
        q.put("nonce", nonce);
        q.put("code_challenge", challenge(verifier));
        q.put("code_challenge_method", "S256");
        String base = provider.authorizationEndpoint().toString();
        URI location = URI.create(base + (base.contains("?") ? "&" : "?") + encode(q));
        return new Redirect(location, cookie(PENDING_COOKIE, pending, callback.getRawPath(), PENDING_TTL));
    }

    /**
     * Finishes the sign-in the provider redirected back with.
     *
     * @param query   the callback's query fields
     * @param cookies the request's cookies
     * @throws SignInException saying why, for the person, when the provider refused, the browser
     *                         did not start this sign-in (or took too long), {@code state} differs,
     *                         the code cannot be redeemed or the ID token is not valid
     */
    public Finished finish(Map<String, String> query, Map<String, String> cookies) throws SignInException {
        if (query.get("error") != null) {
            throw new SignInException("The sign-in was refused by " + settings.issuer() + ": " + query.get("error")
                    + (query.get("error_description") == null ? "" : " (" + query.get("error_description") + ")"));
        }
        String sealed = cookies.get(PENDING_COOKIE);
        if (sealed == null) {
            throw new SignInException("This sign-in was not started in this browser. Open the approval link again.");
        }
        JsonObject pending;
        try {
            pending = sealer.open(PENDING_PURPOSE, "", sealed);
        } catch (SealException e) {
            throw new SignInException("This sign-in took too long or was not started here (" + e.getMessage()
                    + "). Open the approval link again.");
        }
        String state = query.get("state");
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                pending.getString("state").getBytes(StandardCharsets.UTF_8))) {
            throw new SignInException("The sign-in's state does not match the one this browser started. Open the approval link again.");
        }
        String code = query.get("code");
        if (code == null || code.isEmpty()) {
            throw new SignInException("The provider sent no authorization code.");
        }
        SignedIn who = verify(redeem(code, pending.getString("verifier")), pending.getString("nonce"));
        String session = sealer.seal(SESSION_PURPOSE, "", settings.sessionTtl(), who.toJson());
        String returnTo = pending.getString("returnTo");
        // the session goes only to the page the sign-in started from (its path), wherever the callback is
        int mark = returnTo.indexOf('?');
        return new Finished(who, returnTo, cookie(SESSION_COOKIE, session, mark < 0 ? returnTo : returnTo.substring(0, mark),
                settings.sessionTtl()));
    }

    /** Who is signed in according to the request's {@code cookies}, or null when nobody is (no cookie, expired, forged). */
    public SignedIn session(Map<String, String> cookies) {
        String sealed = cookies.get(SESSION_COOKIE);
        if (sealed == null) {
            return null;
        }
        try {
            return SignedIn.fromJson(sealer.open(SESSION_PURPOSE, "", sealed));
        } catch (RuntimeException e) { // SealException: forged, expired, another key ring; or not our payload
            return null;
        }
    }

    /** The ID token the code redeems for. */
    private String redeem(String code, String verifier) throws SignInException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.get().toString());
        form.put("code_verifier", verifier);
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        SafeHttpClient.Response r;
        try {
            r = http.post(provider.tokenEndpoint(), "application/x-www-form-urlencoded",
                    encode(form).getBytes(StandardCharsets.UTF_8), Map.of("Authorization", "Basic " + basic), JSON);
        } catch (OutboundException e) {
            throw new SignInException("The sign-in could not be completed at " + settings.issuer() + ": " + e.getMessage(), e);
        }
        try {
            if (Wire.parse(r.body()) instanceof JsonObject o && o.getString("id_token") != null) {
                return o.getString("id_token");
            }
        } catch (RuntimeException e) {
            // the message below says it
        }
        throw new SignInException("The token endpoint of " + settings.issuer() + " returned no ID token.");
    }

    /** Checks the ID token; the person it names. */
    SignedIn verify(String idToken, String nonce) throws SignInException {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>(); // its type check accepts JWT or none
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(settings.clientId(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).claim("nonce", nonce).build(),
                Set.of("sub", "iat", "exp")) {
            @Override
            protected java.util.Date currentTime() {
                return java.util.Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        JWTClaimsSet set;
        try {
            set = processor.process(idToken, null);
        } catch (BadJOSEException | com.nimbusds.jose.JOSEException | java.text.ParseException e) {
            throw new SignInException("The ID token from " + settings.issuer() + " is not valid: " + e.getMessage(), e);
        }
        if (set.getIssueTime().toInstant().isAfter(clock.instant().plus(SKEW))) {
            throw new SignInException("The ID token from " + settings.issuer() + " is issued in the future (iat "
                    + set.getIssueTime().toInstant() + ")");
        }
        List<String> aud = set.getAudience();
        Object azp = set.getClaim("azp");
        if (aud.size() > 1 && !settings.clientId().equals(azp)) { // OIDC Core §3.1.3.7, items 4 and 5
            throw new SignInException("The ID token from " + settings.issuer() + " names several audiences but not this client as azp");
        }
        JsonObject json = Wire.parse(set.toString()) instanceof JsonObject o ? o : JsonObject.EMPTY;
        return new SignedIn(set.getIssuer(), set.getSubject(), json.getString("name"), json.getString("email"),
                new HashSet<>(membership.groupsOf(json)));
    }

    private String cookie(String name, String value, String path, Duration ttl) {
        return name + "=" + value + "; Path=" + (path == null || path.isEmpty() ? "/" : path) + "; Max-Age=" + ttl.toSeconds()
                + "; HttpOnly; SameSite=Lax" + ("https".equalsIgnoreCase(redirectUri.get().getScheme()) ? "; Secure" : "");
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(verifier))). */
    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String encode(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }
}
