package dev.switchboard.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.auth.OAuthResourceServer;
import dev.switchboard.auth.ScopeRules;
import dev.switchboard.auth.TrustedIssuer;
import dev.switchboard.http.AuthenticationException;
import dev.switchboard.http.Authenticator;
import dev.switchboard.outbound.AddressClass;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.server.Principal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What checking a JWT access token costs a resource server per request, with the issuer's keys
 * already cached: {@link OAuthResourceServer#authenticate} through the {@link Authenticator} seam
 * the HTTP endpoint calls for every request (reading {@code Authorization}, {@code Mcp-Method} and
 * {@code Mcp-Name}, the query-string check, JWT parsing, header rules, the issuer allow-list, the
 * key lookup, the signature, the claims, the scope rule, and the {@link Principal}), for ES256
 * (P-256) and RS256 (2048-bit) tokens.
 *
 * <p>The issuer is a {@code com.sun.net.httpserver} on 127.0.0.1 serving the JWKS; the resource
 * server reaches it through a {@link SafeHttpClient} that allows loopback and plain http. One
 * request in the setup fills the key cache (TTL 10 minutes, longer than a run), and the trial
 * checks that no other fetch happened, so every measured call is the warm path.
 *
 * <p>{@code signatureOnly} verifies the same token's signature with Nimbus alone (parse + verify,
 * no claims): the share of {@code authenticate} that is cryptography.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar TokenValidationBenchmark}. Add
 * {@code -t 2 -bm thrpt} for two threads at once: every check reads the issuer's key cache under
 * one lock.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenValidationBenchmark {
    private static final String RESOURCE = "https://mcp.bench.example/mcp";

    /** The token's signature algorithm: {@code ES256} (P-256) or {@code RS256} (2048-bit RSA). */
    @Param({"ES256", "RS256"})
    public String alg;

    private HttpServer issuer;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private SafeHttpClient http;
    private OAuthResourceServer oauth;
    private Authenticator.Inbound request;
    private String token;
    private JWSVerifier verifier;

    /** Starts the issuer, builds the resource server, signs the token and warms the key cache. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JWK key;
        JWSSigner signer;
        JWSAlgorithm algorithm = JWSAlgorithm.parse(alg);
        if (algorithm.equals(JWSAlgorithm.ES256)) {
            ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("bench-es256").generate();
            key = ec;
            signer = new ECDSASigner(ec);
            verifier = new ECDSAVerifier(ec.toPublicJWK());
        } else if (algorithm.equals(JWSAlgorithm.RS256)) {
            RSAKey rsa = new RSAKeyGenerator(2048).keyID("bench-rs256").generate();
            key = rsa;
            signer = new RSASSASigner(rsa);
            verifier = new RSASSAVerifier(rsa.toPublicJWK());
        } else {
            throw new IllegalArgumentException("alg is ES256 or RS256, not " + alg);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer.createContext("/jwks", exchange -> {
            jwksFetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        issuer.start();
        String issuerUrl = "http://127.0.0.1:" + issuer.getAddress().getPort();

        http = SafeHttpClient.builder().allow(AddressClass.LOOPBACK).allowHttp(true).build();
        oauth = OAuthResourceServer.builder(URI.create(RESOURCE))
                .http(http)
                .issuer(TrustedIssuer.jwt(issuerUrl, URI.create(issuerUrl + "/jwks")))
                .scopes(new ScopeRules(Set.of("mcp"), Map.of(), Map.of()))
                .build();

        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuerUrl).subject("bench-user").audience(RESOURCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("client_id", "bench-client").claim("scope", "mcp tools:call")
                .claim("groups", List.of("staff")).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(signer);
        token = jwt.serialize();
        request = inbound(Map.of(
                "Authorization", "Bearer " + token,
                "Content-Type", "application/json",
                "Accept", "application/json, text/event-stream",
                "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call",
                "Mcp-Name", "echo"));

        Principal p = oauth.authenticate(request); // fills the key cache
        if (!p.subject().equals("bench-user") || jwksFetches.get() != 1 || !signatureOnly()) {
            throw new IllegalStateException("setup: expected bench-user after one JWKS fetch, got " + p + " after "
                    + jwksFetches.get());
        }
    }

    /** Stops the issuer; fails the trial if the measured calls fetched the keys again (a cold path). */
    @TearDown(Level.Trial)
    public void tearDown() {
        oauth.close();
        http.close();
        issuer.stop(0);
        if (jwksFetches.get() != 1) {
            throw new IllegalStateException("the JWKS was fetched " + jwksFetches.get() + " times: not a warm-cache run");
        }
    }

    /** One request's token check, as the HTTP endpoint makes it: headers in, principal out. */
    @Benchmark
    public Principal authenticate() throws AuthenticationException {
        return oauth.authenticate(request);
    }

    /** Parsing the token and verifying its signature with Nimbus alone: the cryptographic floor. */
    @Benchmark
    public boolean signatureOnly() throws ParseException, JOSEException {
        return SignedJWT.parse(token).verify(verifier);
    }

    /** What the HTTP endpoint hands the authenticator: case-insensitive headers, a remote address, no query. */
    private static Authenticator.Inbound inbound(Map<String, String> headers) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        return new Authenticator.Inbound() {
            @Override
            public String header(String name) {
                return h.get(name);
            }

            @Override
            public String remoteAddress() {
                return "127.0.0.1";
            }

            @Override
            public String query() {
                return null;
            }
        };
    }
}
