package dev.switchboard.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * A throwaway authorization server's documents for load tests ({@code bench/load/governed.sh}):
 * a fresh signing key ({@code ALG}: {@code ES256}, P-256, the default; or {@code RS256}, 2048-bit
 * RSA), and in {@code DIR}
 * <ul>
 *   <li>{@code .well-known/oauth-authorization-server}: RFC 8414 metadata naming {@code ISSUER} and
 *       its {@code jwks_uri} ({@code ISSUER/jwks.json});</li>
 *   <li>{@code jwks.json}: the public key;</li>
 *   <li>{@code token}: one RFC 9068 access token ({@code typ at+jwt}) signed with {@code ALG}, from
 *       {@code ISSUER} for audience {@code RESOURCE}, subject {@code bench-user}, scope {@code mcp},
 *       valid for {@code HOURS} (default 24).</li>
 * </ul>
 * Serve {@code DIR} at {@code ISSUER} with {@code Content-Type: application/json}. The private key
 * is not written anywhere.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.switchboard.bench.TokenMint DIR ISSUER RESOURCE [ALG [HOURS]]},
 * or from source against the CLI jar, which holds everything it needs:
 * {@code java -cp cli/target/switchboard.jar bench/src/main/java/dev/switchboard/bench/TokenMint.java DIR ...}
 */
public final class TokenMint {
    private TokenMint() {
    }

    /** Writes the three documents; prints the token's path. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 5 || (args.length > 3 && !args[3].matches("ES256|RS256"))) {
            System.err.println("usage: TokenMint DIR ISSUER RESOURCE [ES256|RS256 [HOURS]]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String issuer = args[1].replaceAll("/$", "");
        String resource = args[2];
        JWSAlgorithm alg = JWSAlgorithm.parse(args.length > 3 ? args[3] : "ES256");
        Duration lifetime = Duration.ofHours(args.length > 4 ? Long.parseLong(args[4]) : 24);

        String kid = "bench-" + alg.getName().toLowerCase(Locale.ROOT) + "-" + Long.toHexString(System.nanoTime());
        JWK key;
        JWSSigner signer;
        if (alg.equals(JWSAlgorithm.ES256)) {
            ECKey ec = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
            key = ec;
            signer = new ECDSASigner(ec);
        } else {
            RSAKey rsa = new RSAKeyGenerator(2048).keyID(kid).generate();
            key = rsa;
            signer = new RSASSASigner(rsa);
        }
        Files.createDirectories(dir.resolve(".well-known"));
        Files.writeString(dir.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
        JsonObject metadata = JsonObject.builder()
                .put("issuer", issuer)
                .put("jwks_uri", issuer + "/jwks.json")
                .put("token_endpoint", issuer + "/token")
                .put("response_types_supported", JsonArray.ofStrings(List.of("code")))
                .put("scopes_supported", JsonArray.ofStrings(List.of("mcp")))
                .build();
        Files.writeString(dir.resolve(".well-known/oauth-authorization-server"), Wire.toText(metadata));

        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("bench-user").audience(resource)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim("client_id", "switchboard-bench").claim("scope", "mcp").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(signer);
        Path token = dir.resolve("token");
        Files.writeString(token, jwt.serialize());
        System.out.println(token);
    }
}
