package dev.switchboard.registry.publish;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.outbound.AddressClass;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.registry.Fixtures;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.api.RegistryApi;
import dev.switchboard.registry.entry.Precedence;
import dev.switchboard.registry.entry.Provenance;
import dev.switchboard.server.McpServer;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.state.seal.Sealer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Publishing with a namespace proven by an Ed25519-signed well-known key file. */
class PublishingTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final Registry registry = Registry.inMemory();
    final KeyPair publisher = ed25519();
    final KeyPair stranger = ed25519();
    HttpServer domain;
    SafeHttpClient outbound;
    McpHttpServer http;
    URI base;

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        byte[] x509 = publisher.getPublic().getEncoded();
        String record = "v=MCPv1; k=ed25519; p=" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
        domain = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        domain.createContext(NamespaceProof.WELL_KNOWN, x -> {
            byte[] body = record.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/plain");
            x.sendResponseHeaders(x.getRequestHeaders().getFirst("Host").startsWith("example.test") ? 200 : 404, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        domain.start();
        outbound = SafeHttpClient.builder().allow(AddressClass.LOOPBACK).allowHttp(true).resolver(host -> {
            if (host.endsWith(".test")) {
                return List.of(InetAddress.getByName("127.0.0.1"));
            }
            throw new UnknownHostException(host);
        }).build();
        NamespaceProof proof = new NamespaceProof(outbound, Clock.systemUTC(),
                d -> URI.create("http://" + d + ":" + domain.getAddress().getPort() + NamespaceProof.WELL_KNOWN));
        Sealer sealer = new Sealer(KeyRing.generate());
        http = McpHttpServer.builder(McpServer.builder("dev.switchboard/registry-test", "1.0.0").build()).port(0)
                .maxBodyBytes(64 * 1024)
                .api(RegistryApi.PREFIX, new Publishing(registry, proof, sealer, Clock.systemUTC())
                        .before(new RegistryApi(registry, sealer))).start();
        base = URI.create("http://127.0.0.1:" + http.port());
    }

    @AfterEach
    void stop() {
        http.close();
        outbound.close();
        domain.stop(0);
        registry.close();
    }

    static String sign(KeyPair key, String text) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(s.sign());
    }

    HttpResponse<String> post(String path, String contentType, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> auth(String domainName, Instant at, KeyPair key) throws Exception {
        String ts = at.toString();
        return post("/v0.1/auth/http", "application/json", JsonObject.builder().put("domain", domainName).put("timestamp", ts)
                .put("signedTimestamp", sign(key, ts)).build().toString(), null);
    }

    String token() throws Exception {
        HttpResponse<String> r = auth("example.test", Instant.now(), publisher);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = (JsonObject) Wire.parse(r.body());
        assertThat(body.getString("namespace")).isEqualTo("test.example");
        return body.getString("registry_token");
    }

    static String error(HttpResponse<String> r) {
        return ((JsonObject) Wire.parse(r.body())).getString("error");
    }

    @Test
    void aProvenPublisherPublishesNewVersionsOfItsNamespaceOnly() throws Exception {
        String token = token();
        HttpResponse<String> one = post("/v0.1/publish", "application/json",
                Fixtures.server("test.example/weather", "1.0.0", "Published.").toString(), token);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(((JsonObject) Wire.parse(one.body())).getObject("server").getString("name")).isEqualTo("test.example/weather");
        assertThat(registry.get("test.example/weather", "1.0.0").orElseThrow().provenance().precedence())
                .isEqualTo(Precedence.PUBLISHED);

        HttpResponse<String> again = post("/v0.1/publish", "application/json",
                Fixtures.server("test.example/weather", "1.0.0", "Changed.").toString(), token);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(error(again)).contains("already published").contains("cannot change");
        assertThat(post("/v0.1/publish", "application/json; charset=utf-8",
                Fixtures.server("test.example/weather", "1.1.0", "Next.").toString(), token).statusCode()).isEqualTo(200);
        assertThat(registry.get("test.example/weather", "latest").orElseThrow().version()).isEqualTo("1.1.0");

        HttpResponse<String> foreign = post("/v0.1/publish", "application/json",
                Fixtures.server("com.example/weather", "1.0.0", "Not mine.").toString(), token);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(error(foreign)).contains("namespace test.example").contains("not com.example/weather");
    }

    @Test
    void aNameAStrongerSourceOwnsCannotBePublished() throws Exception {
        registry.offer(Submission.of(new Provenance("files:servers", "servers/w.json", Precedence.FILES),
                Fixtures.server("test.example/curated", "1.0.0", "Operator's.")));
        HttpResponse<String> r = post("/v0.1/publish", "application/json",
                Fixtures.server("test.example/curated", "2.0.0", "Mine.").toString(), token());
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(error(r)).contains("already provided by files:servers");
    }

    @Test
    void proofsAreRefusedWithTheReason() throws Exception {
        assertThat(error(auth("example.test", Instant.now(), stranger))).contains("signature does not match");
        assertThat(error(auth("example.test", Instant.now().minusSeconds(3600), publisher))).contains("more than 5 minutes");
        assertThat(error(auth("other.test", Instant.now(), publisher))).contains("cannot read the key file").contains("404");
        assertThat(error(auth("not a domain", Instant.now(), publisher))).contains("domain must be a DNS name");
        Instant at = Instant.now();
        assertThat(auth("example.test", at, publisher).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = auth("example.test", at, publisher);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(error(replay)).contains("already used");
    }

    @Test
    void publishingNeedsAValidTokenAndAValidJsonBody() throws Exception {
        String doc = Fixtures.server("test.example/x", "1.0.0", "X.").toString();
        HttpResponse<String> none = post("/v0.1/publish", "application/json", doc, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"registry\"");
        assertThat(post("/v0.1/publish", "application/json", doc, "forged.token").statusCode()).isEqualTo(401);

        String token = token();
        HttpResponse<String> text = post("/v0.1/publish", "text/plain", doc, token);
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(error(text)).contains("Content-Type must be application/json");
        HttpResponse<String> malformed = post("/v0.1/publish", "application/json", "{\"name\": ", token);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(error(malformed)).contains("not valid JSON");
        HttpResponse<String> invalid = post("/v0.1/publish", "application/json",
                Fixtures.server("test.example/x", "1.0.0", "y".repeat(150)).toString(), token);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(error(invalid)).contains("/description");
        HttpResponse<String> huge = post("/v0.1/publish", "application/json", "[" + "1,".repeat(40_000) + "1]", token);
        assertThat(huge.statusCode()).isEqualTo(413);
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(base.resolve("/v0.1/publish")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).hasValue("POST");
        assertThat(registry.all()).isEmpty();
    }
}
