package dev.switchboard.cli;

import com.nimbusds.jose.JOSEObjectType;
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

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal authorization server on 127.0.0.1 for the suite: RFC 8414 metadata and a JWKS with one
 * ES256 key, tokens signed by that key, and a count of every request it gets, so a test can show that
 * nothing in a token made the gateway fetch anything. (The real {@code oidc-provider} runs in
 * {@code OidcProviderIT} and {@code UpstreamAuthIT}; here tokens must be wrong in precise ways.)
 */
final class LocalIssuer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final ECKey key;
    /** A key the issuer never publishes: tokens it signs are forgeries. */
    final ECKey stranger;
    final String url;

    LocalIssuer() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        stranger = new ECKeyGenerator(Curve.P_256).keyID("k9").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> documents = Map.of(
                "/.well-known/oauth-authorization-server", "{\"issuer\":\"" + url + "\",\"jwks_uri\":\"" + url + "/jwks\","
                        + "\"token_endpoint\":\"" + url + "/token\"}",
                "/jwks", new JWKSet(key.toPublicJWK()).toString(),
                // what a forged token's jku/x5u points at: the stranger's key, which must never be fetched
                "/evil-jwks", new JWKSet(stranger.toPublicJWK()).toString());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            String doc = documents.get(path);
            byte[] body = (doc == null ? "{}" : doc).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(doc == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** Valid access-token claims for {@code subject} at {@code audience}, five minutes long, scope {@code mcp}. */
    JWTClaimsSet.Builder claims(String subject, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(url).subject(subject).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("client_id", "console").claim("scope", "mcp");
    }

    /** {@code claims} signed with the issuer's key under an RFC 9068 header. */
    String token(JWTClaimsSet.Builder claims) throws Exception {
        return sign(header(key), claims.build(), key);
    }

    static JWSHeader.Builder header(ECKey signer) {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.getKeyID()).type(new JOSEObjectType("at+jwt"));
    }

    static String sign(JWSHeader.Builder header, JWTClaimsSet claims, ECKey signer) throws Exception {
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        jwt.sign(new ECDSASigner(signer));
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
