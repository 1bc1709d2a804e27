package dev.switchboard.auth.signin;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.http.RequestFields;
import dev.switchboard.outbound.AddressClass;
import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.state.seal.Sealer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sign-in flow against a provider the test plays: discovery, JWKS and a token endpoint that
 * checks the PKCE verifier against the challenge it was sent, and returns ID tokens the test
 * shapes (wrong audience, nonce, issuer, key, expired).
 */
class SignInTest {
    private static final URI CALLBACK = URI.create("https://gw.example/approvals/callback");
    private HttpServer server;
    private String issuer;
    private ECKey key;
    private SafeHttpClient http;
    private final KeyRing ring = KeyRing.generate();
    private SignIn signIn;
    /** What the token endpoint puts in the next ID token, from the claims it would issue. */
    private volatile UnaryOperator<JWTClaimsSet.Builder> shape = b -> b;
    private volatile ECKey signingKey;
    private volatile String challenge;
    private volatile String nonce;
    private volatile Map<String, String> tokenRequest;
    private volatile String tokenAuthorization;

    @BeforeEach
    void start() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        signingKey = key;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", ex -> json(ex, """
                {"issuer":"%s","authorization_endpoint":"%s/auth","token_endpoint":"%s/token","jwks_uri":"%s/jwks",
                 "code_challenge_methods_supported":["S256"]}""".formatted(issuer, issuer, issuer, issuer)));
        server.createContext("/jwks", ex -> json(ex, new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/token", ex -> {
            tokenRequest = RequestFields.form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            tokenAuthorization = ex.getRequestHeaders().getFirst("Authorization");
            if (!"the-code".equals(tokenRequest.get("code"))
                    || !SignIn.challenge(tokenRequest.get("code_verifier")).equals(challenge)) {
                ex.sendResponseHeaders(400, -1);
                ex.close();
                return;
            }
            json(ex, "{\"access_token\":\"opaque\",\"token_type\":\"Bearer\",\"id_token\":\"" + idToken() + "\"}");
        });
        server.start();
        http = SafeHttpClient.builder().allowHttp(true).allow(AddressClass.LOOPBACK).build();
        signIn = signIn(Clock.systemUTC());
    }

    private SignIn signIn(Clock clock) throws OutboundException {
        return SignIn.discover(new SignIn.Settings(issuer, "approvals", "s3cret", List.of("email", "groups"), "groups",
                Duration.ofMinutes(15)), () -> CALLBACK, http, new Sealer(ring, clock), clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.close();
    }

    private static void json(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private String idToken() {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject("alice").audience("approvals")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("nonce", nonce)
                .claim("name", "Alice A").claim("email", "alice@example.com").claim("groups", List.of("approvers", "staff"));
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID()).build(),
                    shape.apply(claims).build());
            jwt.sign(new ECDSASigner(signingKey));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The callback's query, as the HTTP layer hands it over. */
    private static Map<String, String> query(String raw) {
        return RequestFields.query(raw);
    }

    /** The request's cookies, from a {@code Cookie} header as the browser sends it. */
    private static Map<String, String> cookies(String header) {
        return RequestFields.cookies(header);
    }

    /** Starts a sign-in as the browser would and plays the provider's side of the redirect: the query it sends back. */
    private String[] begin() {
        SignIn.Redirect r = signIn.start("/approvals?id=abc");
        Map<String, String> q = RequestFields.query(r.location().getRawQuery());
        challenge = q.get("code_challenge");
        nonce = q.get("nonce");
        String cookie = r.setCookie().substring(0, r.setCookie().indexOf(';'));
        return new String[]{"code=the-code&state=" + q.get("state"), cookie, q.get("state")};
    }

    @Test
    void theRedirectAsksForACodeWithPkceStateAndNonce() {
        SignIn.Redirect r = signIn.start("/approvals?id=abc");
        assertThat(r.location().toString()).startsWith(issuer + "/auth?");
        Map<String, String> q = RequestFields.query(r.location().getRawQuery());
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", "approvals")
                .containsEntry("redirect_uri", CALLBACK.toString()).containsEntry("scope", "openid email groups")
                .containsEntry("code_challenge_method", "S256");
        assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(q.get("nonce")).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(q.get("state"));
        assertThat(q.get("code_challenge")).hasSize(43);
        // the pending values are sealed: neither the state nor the verifier is readable in the cookie
        assertThat(r.setCookie()).startsWith(SignIn.PENDING_COOKIE + "=").contains("; Path=/approvals/callback;")
                .contains("HttpOnly").contains("SameSite=Lax").contains("Secure").doesNotContain(q.get("state"));
        assertThat(signIn.start("/approvals?id=abc").location()).isNotEqualTo(r.location());
    }

    @Test
    void aMemberSignsInAndTheSessionNamesThem() throws Exception {
        String[] b = begin();
        SignIn.Finished f = signIn.finish(query(b[0]), cookies("other=1; " + b[1]));
        assertThat(f.who()).isEqualTo(new SignedIn(issuer, "alice", "Alice A", "alice@example.com", Set.of("approvers", "staff")));
        assertThat(f.returnTo()).isEqualTo("/approvals?id=abc");
        // the code was redeemed with the verifier matching the challenge, the redirect URI and the client's secret
        assertThat(tokenRequest).containsEntry("grant_type", "authorization_code").containsEntry("redirect_uri", CALLBACK.toString());
        assertThat(tokenAuthorization).isEqualTo("Basic " + Base64.getEncoder().encodeToString("approvals:s3cret".getBytes()));
        assertThat(f.setCookie()).startsWith(SignIn.SESSION_COOKIE + "=").contains("; Path=/approvals;").contains("Max-Age=900")
                .contains("HttpOnly").contains("SameSite=Lax").contains("; Secure");
        String session = f.setCookie().substring(0, f.setCookie().indexOf(';'));
        assertThat(signIn.session(cookies("a=b; " + session))).isEqualTo(f.who());
        assertThat(session).doesNotContain("alice"); // sealed, not just signed
    }

    @Test
    void aStateThatDiffersIsRefused() {
        String[] b = begin();
        assertThatThrownBy(() -> signIn.finish(query("code=the-code&state=" + b[2] + "x"), cookies(b[1])))
                .isInstanceOf(SignInException.class).hasMessageContaining("state does not match");
        assertThatThrownBy(() -> signIn.finish(query("code=the-code"), cookies(b[1]))).hasMessageContaining("state does not match");
    }

    @Test
    void aCallbackWithoutThePendingCookieOrWithAForgedOneIsRefused() {
        String[] b = begin();
        assertThatThrownBy(() -> signIn.finish(query(b[0]), Map.of())).hasMessageContaining("not started in this browser");
        String forged = SignIn.PENDING_COOKIE + "=AAAA" + b[1].substring(b[1].indexOf('=') + 1);
        assertThatThrownBy(() -> signIn.finish(query(b[0]), cookies(forged)))
                .hasMessageContaining("Open the approval link again");
    }

    @Test
    void aPendingCookieOlderThanTenMinutesIsRefused() throws Exception {
        String[] b = begin();
        SignIn later = signIn(Clock.offset(Clock.systemUTC(), SignIn.PENDING_TTL.plusSeconds(1)));
        assertThatThrownBy(() -> later.finish(query(b[0]), cookies(b[1]))).hasMessageContaining("took too long");
    }

    @Test
    void aWrongVerifierIsRefusedByTheProvider() throws Exception {
        String[] b = begin();
        challenge = "not-the-challenge";
        assertThatThrownBy(() -> signIn.finish(query(b[0]), cookies(b[1]))).hasMessageContaining("could not be completed");
    }

    @Test
    void anErrorFromTheProviderIsShown() {
        assertThatThrownBy(() -> signIn.finish(query("error=access_denied&error_description=no+way"), Map.of()))
                .hasMessageContaining("refused by " + issuer + ": access_denied (no way)");
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() {
        shape = c -> c.audience("another-client");
        String[] b = begin();
        assertThatThrownBy(() -> signIn.finish(query(b[0]), cookies(b[1]))).hasMessageContaining("ID token").hasMessageContaining("aud");
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() {
        shape = c -> c.claim("nonce", "replayed");
        String[] b = begin();
        assertThatThrownBy(() -> signIn.finish(query(b[0]), cookies(b[1]))).hasMessageContaining("ID token").hasMessageContaining("nonce");
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() {
        shape = c -> c.issuer("https://evil.example");
        String[] b = begin();
        assertThatThrownBy(() -> signIn.finish(query(b[0]), cookies(b[1]))).hasMessageContaining("ID token").hasMessageContaining("iss");
    }

    @Test
    void anIdTokenSignedWithAnotherKeyIsRefused() throws Exception {
        signingKey = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        String[] b = begin();
        assertThatThrownBy(() -> signIn.finish(query(b[0]), cookies(b[1]))).hasMessageContaining("ID token").hasMessageContaining("ignature");
    }

    @Test
    void anExpiredIdTokenIsRefused() {
        shape = c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120)));
        String[] b = begin();
        assertThatThrownBy(() -> signIn.finish(query(b[0]), cookies(b[1]))).hasMessageContaining("ID token").hasMessageContaining("xpired");
    }

    @Test
    void anIdTokenWithSeveralAudiencesButNoAzpIsRefused() {
        shape = c -> c.audience(List.of("approvals", "another"));
        String[] b = begin();
        assertThatThrownBy(() -> signIn.finish(query(b[0]), cookies(b[1]))).hasMessageContaining("azp");
    }

    @Test
    void aForgedExpiredOrForeignSessionCookieIsNobody() throws Exception {
        String[] b = begin();
        String session = signIn.finish(query(b[0]), cookies(b[1])).setCookie().split(";")[0];
        String value = session.substring(session.indexOf('=') + 1);
        char last = value.charAt(value.length() - 2);
        String altered = SignIn.SESSION_COOKIE + "=" + value.substring(0, value.length() - 2) + (last == 'A' ? 'B' : 'A')
                + value.charAt(value.length() - 1);
        assertThat(signIn.session(cookies(altered))).isNull();
        assertThat(signIn.session(Map.of())).isNull();
        assertThat(signIn.session(cookies(SignIn.SESSION_COOKIE + "=garbage"))).isNull();
        // the pending cookie is not a session, though sealed by the same ring
        assertThat(signIn.session(cookies(SignIn.SESSION_COOKIE + "=" + b[1].substring(b[1].indexOf('=') + 1)))).isNull();
        assertThat(signIn(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16))).session(cookies(session))).isNull();
        Sealer foreign = new Sealer(KeyRing.generate());
        SignIn other = SignIn.discover(new SignIn.Settings(issuer, "approvals", "s3cret", List.of(), "groups",
                Duration.ofMinutes(15)), () -> CALLBACK, http, foreign, Clock.systemUTC());
        assertThat(other.session(cookies(session))).isNull();
    }

    @Test
    void discoveryRefusesADocumentNamingAnotherIssuer() {
        assertThatThrownBy(() -> SignIn.discover(new SignIn.Settings(issuer + "/other", "approvals", "s", List.of(), "",
                Duration.ofMinutes(1)), () -> CALLBACK, http, new Sealer(ring), Clock.systemUTC()))
                .isInstanceOf(OutboundException.class);
    }

    @Test
    void returnToMustBeAPathHere() {
        assertThatThrownBy(() -> signIn.start("https://evil.example/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signIn.start("//evil.example/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSecretIsNotInTheSettingsText() {
        assertThat(new SignIn.Settings(issuer, "approvals", "s3cret", List.of(), "", Duration.ofMinutes(1)).toString())
                .doesNotContain("s3cret");
    }
}
