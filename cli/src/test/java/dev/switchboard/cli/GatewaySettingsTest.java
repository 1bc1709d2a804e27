package dev.switchboard.cli;

import dev.switchboard.client.Era;
import dev.switchboard.config.ConfigException;
import dev.switchboard.gateway.UpstreamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code gateway} settings: upstreams from the file (secrets from named variables) or flags; refusals name the line. */
class GatewaySettingsTest {
    @TempDir
    Path dir;

    private static GatewayCommand parse(String... args) {
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void readsHttpAndStdioUpstreamsInDeclarationOrderWithSecretsFromTheEnvironment() throws Exception {
        Path f = file("""
                server:
                  port: 9000
                upstreams:
                  billing:
                    url: http://127.0.0.1:8081/mcp
                    era: "2026-07-28"
                    prefix: ""
                    headersFromEnv:
                      X-Api-Key: BILLING_KEY
                    bearerTokenEnv: BILLING_TOKEN
                    timeouts: {connect: 2s, request: 30s}
                    concurrency: {max: 4, queueTimeout: 500ms}
                    maxResultBytes: 1048576
                  everything:
                    command: node
                    args: [server.js, stdio]
                    env: {MODE: test}
                    envFromGateway: {API_KEY: EVERYTHING_KEY}
                    era: session
                """);
        GatewayCommand.Resolved r = parse("--config", f.toString()).resolve(Map.of(
                "BILLING_KEY", "k-123", "BILLING_TOKEN", "t-456", "EVERYTHING_KEY", "e-789"));
        assertThat(r.port()).isEqualTo(9000);
        assertThat(r.upstreams()).extracting(UpstreamConfig::name).containsExactly("billing", "everything");
        UpstreamConfig billing = r.upstreams().get(0);
        assertThat(billing.transport()).isEqualTo(new UpstreamConfig.Http(URI.create("http://127.0.0.1:8081/mcp"),
                Map.of("X-Api-Key", "k-123"), "t-456"));
        assertThat(billing.transport().toString()).doesNotContain("k-123", "t-456");
        assertThat(billing.era()).isEqualTo(Era.MODERN);
        assertThat(billing.effectivePrefix()).isEmpty();
        assertThat(billing.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(billing.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(billing.maxConcurrent()).isEqualTo(4);
        assertThat(billing.queueTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(billing.maxResultBytes()).isEqualTo(1048576);
        UpstreamConfig everything = r.upstreams().get(1);
        assertThat(everything.transport()).isEqualTo(new UpstreamConfig.Stdio(List.of("node", "server.js", "stdio"),
                Map.of("MODE", "test", "API_KEY", "e-789"), null));
        assertThat(everything.era()).isEqualTo(Era.LEGACY);
        assertThat(everything.effectivePrefix()).isEqualTo("everything");
        assertThat(everything.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void readsUpstreamOAuthCredentials() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.PrivateKey key = g.generateKeyPair().getPrivate();
        Files.writeString(dir.resolve("gateway.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Path f = file("""
                upstreams:
                  billing:
                    url: https://billing.example.com/mcp
                    auth:
                      type: client_credentials
                      issuer: https://login.example.com
                      clientId: switchboard-gateway
                      clientSecretEnv: GATEWAY_SECRET
                      scopes: [billing:read, billing:write]
                  payments:
                    url: https://payments.example.com/mcp
                    era: "2026-07-28"
                    auth:
                      type: token_exchange
                      tokenEndpoint: https://login.example.com/oauth2/token
                      clientId: switchboard-gateway
                      privateKeyFile: gateway.pem
                      audience: payments
                      actorToken: true
                  legacy:
                    url: https://legacy.example.com/mcp
                    auth: {type: static, bearerTokenEnv: LEGACY_TOKEN}
                """);
        GatewayCommand.Resolved r = parse("--config", f.toString()).resolve(Map.of("GATEWAY_SECRET", "s-1", "LEGACY_TOKEN", "t-2"));
        UpstreamConfig billing = r.upstreams().get(0);
        assertThat(billing.auth()).isEqualTo(new dev.switchboard.gateway.UpstreamAuth.ClientCredentials(
                dev.switchboard.gateway.UpstreamAuth.OAuthClient.withSecret("https://login.example.com", null, "switchboard-gateway", "s-1"),
                java.util.Set.of("billing:read", "billing:write"), null, null));
        assertThat(billing.auth().toString()).doesNotContain("s-1");
        var payments = (dev.switchboard.gateway.UpstreamAuth.TokenExchange) r.upstreams().get(1).auth();
        assertThat(payments.client().tokenEndpoint()).isEqualTo(URI.create("https://login.example.com/oauth2/token"));
        assertThat(payments.client().privateKey()).isEqualTo(key);
        assertThat(payments.client().keyAlgorithm()).isEqualTo("ES256");
        assertThat(payments.audience()).isEqualTo("payments");
        assertThat(payments.actorToken()).isTrue();
        UpstreamConfig legacy = r.upstreams().get(2);
        assertThat(legacy.auth()).isNull();
        assertThat(((UpstreamConfig.Http) legacy.transport()).bearerToken()).isEqualTo("t-2");
    }

    @Test
    void theReadmesUpstreamCredentialsExampleIsValid() throws Exception {
        Path readme = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(readme.resolve("README.md")) || !Files.isDirectory(readme.resolve("cli"))) {
            readme = readme.getParent();
        }
        String text = Files.readString(readme.resolve("README.md"));
        int at = text.indexOf("- **Upstream credentials.**");
        int start = text.indexOf("```yaml\n", at) + 8;
        String block = text.substring(start, text.indexOf("  ```", start));
        Path f = file(block.lines().map(l -> l.length() >= 2 ? l.substring(2) : l).collect(java.util.stream.Collectors.joining("\n")));
        GatewayCommand.Resolved r = parse("--config", f.toString()).resolve(Map.of("GATEWAY_CLIENT_SECRET", "s", "LEGACY_TOKEN", "t"));
        assertThat(r.upstreams()).extracting(u -> u.auth() == null ? "static" : u.auth().getClass().getSimpleName())
                .containsExactly("ClientCredentials", "TokenExchange", "static");
    }

    @Test
    void badUpstreamAuthIsRefusedNamingTheLine() throws Exception {
        Path f = file("""
                upstreams:
                  billing:
                    url: https://billing.example.com/mcp
                    auth:
                      type: token_exchange
                      issuer: https://login.example.com
                      clientSecretEnv: GATEWAY_SECRET
                """);
        assertThatThrownBy(() -> parse("--config", f.toString()).resolve(Map.of("GATEWAY_SECRET", "s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":5:7: /upstreams/billing/auth")
                .hasMessageContaining("clientId");
        Files.writeString(dir.resolve("gateway.pem"), "not a key");
        Path both = file("""
                upstreams:
                  billing:
                    url: https://billing.example.com/mcp
                    auth: {type: client_credentials, issuer: https://login.example.com, clientId: gw, clientSecretEnv: S,
                           privateKeyFile: gateway.pem}
                """);
        assertThatThrownBy(() -> parse("--config", both.toString()).resolve(Map.of("S", "s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(both + ":5:")
                .hasMessageContaining("/upstreams/billing/auth/privateKeyFile: ")
                .hasMessageContaining("gateway.pem is not a PKCS#8 PEM private key");
        Path stdio = file("""
                upstreams:
                  files:
                    command: node
                    auth: {type: client_credentials, issuer: https://login.example.com, clientId: gw, clientSecretEnv: S}
                """);
        assertThatThrownBy(() -> parse("--config", stdio.toString()).resolve(Map.of("S", "s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(stdio + ":3:5: /upstreams/files: upstream files: auth is for HTTP upstreams");
        Path missing = file("""
                upstreams:
                  billing:
                    url: https://billing.example.com/mcp
                    auth: {type: client_credentials, tokenEndpoint: https://login.example.com/token, clientId: gw, clientSecretEnv: S}
                """);
        assertThatThrownBy(() -> parse("--config", missing.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing + ":4:")
                .hasMessageContaining("/upstreams/billing/auth/clientSecretEnv names the environment variable S, which is not set");
        Path session = file("""
                upstreams:
                  billing:
                    url: https://billing.example.com/mcp
                    era: session
                    auth: {type: token_exchange, issuer: https://login.example.com, clientId: gw, clientSecretEnv: S}
                """);
        assertThatThrownBy(() -> parse("--config", session.toString()).resolve(Map.of("S", "s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("token exchange needs a 2026-07-28 upstream");
    }

    @Test
    void anUnsetSecretVariableIsRefusedNamingTheLine() throws Exception {
        Path f = file("""
                upstreams:
                  billing:
                    url: http://127.0.0.1:8081/mcp
                    bearerTokenEnv: BILLING_TOKEN
                """);
        assertThatThrownBy(() -> parse("--config", f.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(f + ":4:21: /upstreams/billing/bearerTokenEnv names the environment variable BILLING_TOKEN, which is not set");
    }

    @Test
    void anInvalidFileIsRefusedWithFileLineAndField() throws Exception {
        Path f = file("""
                upstreams:
                  billing:
                    url: http://127.0.0.1:8081/mcp
                    timeout: 5s
                  Bad_Name:
                    url: http://127.0.0.1:8082/mcp
                  both:
                    url: http://127.0.0.1:8083/mcp
                    command: node
                    era: sometimes
                """);
        assertThatThrownBy(() -> parse("--config", f.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid configuration:")
                .hasMessageContaining(f + ":3:5: /upstreams/billing: property 'timeout' is not defined")
                .hasMessageContaining(f + ":2:3: /upstreams: property 'Bad_Name' name is not valid")
                .hasMessageContaining(f + ":10:10: /upstreams/both/era");
    }

    @Test
    void aTimeoutOfZeroIsRefusedNamingTheUpstream() throws Exception {
        Path f = file("""
                upstreams:
                  billing:
                    url: http://127.0.0.1:8081/mcp
                    timeouts: {request: 0s}
                """);
        assertThatThrownBy(() -> parse("--config", f.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":3:5: /upstreams/billing: upstream billing: requestTimeout must be positive");
    }

    @Test
    void upstreamsAndServerSettingsAlsoComeFromFlagsAndVariables() {
        GatewayCommand.Resolved r = parse("--upstream", "a=http://127.0.0.1:1/mcp", "--port", "0")
                .resolve(Map.of("SWITCHBOARD_HOST", "0.0.0.0"));
        assertThat(r.upstreams()).singleElement().isEqualTo(UpstreamConfig.http("a", URI.create("http://127.0.0.1:1/mcp")));
        assertThat(r.port()).isZero();
        assertThat(r.host()).isEqualTo("0.0.0.0");
        GatewayCommand.Resolved fromEnv = parse().resolve(Map.of("SWITCHBOARD_UPSTREAMS",
                "a=http://127.0.0.1:1/mcp, b=http://127.0.0.1:2/mcp"));
        assertThat(fromEnv.upstreams()).extracting(UpstreamConfig::name).containsExactly("a", "b");
    }

    @Test
    void aGatewayWithoutUpstreamsIsRefused() {
        assertThatThrownBy(() -> parse().resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least one upstream");
        assertThatThrownBy(() -> parse("--upstream", "nourl").resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--upstream: \"nourl\" is not NAME=URL");
    }

    @Test
    void theListenerLeaseComesFromAFlagAVariableOrTheFileAndHasAFloor() throws Exception {
        assertThat(parse("--upstream", "a=http://127.0.0.1:1/mcp").resolve(Map.of()).listenerLease())
                .isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(parse("--upstream", "a=http://127.0.0.1:1/mcp", "--listener-lease", "2s").resolve(Map.of()).listenerLease())
                .isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(parse("--upstream", "a=http://127.0.0.1:1/mcp")
                .resolve(Map.of("SWITCHBOARD_LISTENER_LEASE", "1500ms")).listenerLease())
                .isEqualTo(java.time.Duration.ofMillis(1500));
        Path f = file("""
                deployment:
                  listenerLease: 10s
                upstreams:
                  a: {url: "http://127.0.0.1:1/mcp"}
                """);
        assertThat(parse("--config", f.toString()).resolve(Map.of()).listenerLease()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThatThrownBy(() -> parse("--upstream", "a=http://127.0.0.1:1/mcp", "--listener-lease", "100ms").resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--listener-lease: the listener lease must be at least 300ms");
    }

    @Test
    void severalInstancesNeedSharedStateAndKeys() {
        assertThatThrownBy(() -> parse("--upstream", "a=http://127.0.0.1:1/mcp", "--instances", "3").resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Use --state redis://");
    }

    @Test
    void pinningIsBlockUnlessAnUpstreamSaysWarnOrOff() throws Exception {
        Path f = file("""
                upstreams:
                  trusted:
                    url: http://127.0.0.1:8081/mcp
                    pinning: "off"
                  watched:
                    url: http://127.0.0.1:8082/mcp
                    pinning: warn
                  other:
                    url: http://127.0.0.1:8083/mcp
                """);
        GatewayCommand.Resolved r = parse("--config", f.toString()).resolve(Map.of());
        assertThat(r.upstreams()).extracting(UpstreamConfig::pinning).containsExactly(dev.switchboard.gateway.pinning.PinMode.OFF,
                dev.switchboard.gateway.pinning.PinMode.WARN, dev.switchboard.gateway.pinning.PinMode.BLOCK);

        Path bad = file("""
                upstreams:
                  billing:
                    url: http://127.0.0.1:8081/mcp
                    pinning: sometimes
                """);
        assertThatThrownBy(() -> parse("--config", bad.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(bad + ":4:14: /upstreams/billing/pinning");
    }
}
