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
