package dev.switchboard.auth;

import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource server against a real authorization server: {@code oidc-provider} (pinned in
 * {@code src/test/as/package.json}, installed with {@code npm ci} on first use) on 127.0.0.1,
 * issuing client-credentials tokens for our endpoint as resource indicator, JWTs to one client and
 * opaque tokens (introspected) to another. Started once, stopped by its PID.
 */
class OidcProviderIT {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String UPSTREAM = "https://upstream.example.com/mcp";

    private static Process as;
    private static String issuer;
    private static ProtectedEndpoint endpoint;

    @BeforeAll
    static void start() throws Exception {
        Path dir = asDirectory();
        Path node = dir.resolve("../../../../conformance/node_modules/.bin/node").normalize();
        if (!Files.isExecutable(node)) {
            npmCi(node.getParent().getParent().getParent());
        }
        if (!Files.isRegularFile(dir.resolve("node_modules/oidc-provider/package.json"))
                || !Files.readString(dir.resolve("node_modules/oidc-provider/package.json")).contains("\"version\": \"9.13.3\"")) {
            npmCi(dir);
        }
        int port = freePort();
        issuer = "http://127.0.0.1:" + port;
        endpoint = new ProtectedEndpoint((e, b) -> b
                .issuer(TrustedIssuer.jwt(issuer, URI.create(issuer + "/jwks")).withIntrospection(
                        new TrustedIssuer.Introspection(URI.create(issuer + "/token/introspection"), "resource-server", "rs-secret")))
                .scopes(new ScopeRules(Set.of("mcp"), Map.of(), Map.of("refund", Set.of("payments:refund")))));
        Path log = Files.createTempFile("oidc-provider", ".log");
        as = new ProcessBuilder(node.toString(), "as.mjs", String.valueOf(port), endpoint.oauth.resource().toString(), UPSTREAM)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!Files.readString(log).contains("\"ready\"")) {
            if (!as.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("oidc-provider did not start within " + STARTUP + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (endpoint != null) {
            endpoint.close();
        }
        if (as != null) {
            ProcessHandle.of(as.pid()).ifPresent(ProcessHandle::destroy);
            if (!as.waitFor(10, TimeUnit.SECONDS)) {
                as.destroyForcibly();
            }
        }
    }

    /** A client-credentials token from the AS. */
    private static String token(String client, String secret, String scope, String resource) throws Exception {
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + "&resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ((JsonObject) Wire.parse(response.body())).getString("access_token");
    }

    private static String whoami(String token) {
        try (McpClient client = McpClient.builder(endpoint.http.endpoint()).bearerToken(token).build()) {
            return ((TextContent) client.callTool("whoami", JsonObject.EMPTY).content().getFirst()).text();
        }
    }

    @Test
    void aJwtAccessTokenFromTheAuthorizationServerWorksEndToEnd() throws Exception {
        String token = token("mcp-client", "mcp-secret", "mcp payments:write", endpoint.oauth.resource().toString());
        assertThat(token.split("\\.")).hasSize(3);
        assertThat(whoami(token)).isEqualTo("mcp-client via " + issuer + " scopes [mcp, payments:write]");
    }

    @Test
    void aTokenForAnotherResourceIsRefused() throws Exception {
        String token = token("mcp-client", "mcp-secret", "mcp", UPSTREAM);
        HttpResponse<String> response = endpoint.call("tools/call", "whoami", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("issued for audience [" + UPSTREAM + "], not for this resource");
    }

    @Test
    void aTokenWithoutTheToolsScopeGets403() throws Exception {
        String token = token("mcp-client", "mcp-secret", "mcp payments:write", endpoint.oauth.resource().toString());
        HttpResponse<String> response = endpoint.call("tools/call", "refund", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"insufficient_scope\"").endsWith("scope=\"mcp payments:refund\"");
    }

    @Test
    void anOpaqueTokenIsIntrospected() throws Exception {
        String token = token("opaque-client", "opaque-secret", "mcp", endpoint.oauth.resource().toString());
        assertThat(token).doesNotContain(".");
        assertThat(whoami(token)).isEqualTo("opaque-client via " + issuer + " scopes [mcp]");
        HttpResponse<String> forged = endpoint.call("tools/call", "whoami", "Bearer " + token + "x");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("is not active");
    }

    @Test
    void discoversTheIssuersKeysFromItsMetadata() throws Exception {
        TrustedIssuer discovered = TrustedIssuer.discover(issuer, endpoint.outbound);
        assertThat(discovered.jwksUri()).isEqualTo(URI.create(issuer + "/jwks"));
    }

    private static Path asDirectory() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("auth/src/test/as");
            if (Files.isRegularFile(p.resolve("src/test/as/as.mjs"))) {
                return p.resolve("src/test/as");
            }
            if (Files.isRegularFile(candidate.resolve("as.mjs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find auth/src/test/as from " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void npmCi(Path dir) throws IOException, InterruptedException {
        Path log = Files.createTempFile("npm-ci", ".log");
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("'npm ci' in " + dir + " did not finish within 10 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("'npm ci' in " + dir + " failed:\n" + Files.readString(log));
        }
    }
}
