package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.server.limit.RateLimit;
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

/** {@code serve} settings: flags over variables over the file over defaults; refusals name what to fix. */
class ServeSettingsTest {
    @TempDir
    Path dir;

    private static ServeCommand parse(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("switchboard.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void defaultsServeTheDemoOnLoopbackWithEmbeddedState() {
        ServeCommand.Resolved r = parse().resolve(Map.of());
        assertThat(r).isEqualTo(new ServeCommand.Resolved("demo", "127.0.0.1", 8080, "/mcp", 4 * 1024 * 1024,
                List.of(), null, null, 1, null, r.instanceId(), Duration.ofSeconds(30), new GovernanceOptions.Resolved(null, null, null)));
        assertThat(r.instanceId()).matches(".+-" + ProcessHandle.current().pid() + "-[0-9a-z]+");
        assertThat(parse().resolve(Map.of()).instanceId()).isNotEqualTo(r.instanceId()); // one per process start
    }

    @Test
    void aFileConfiguresEverythingAndFlagsAndVariablesOverrideIt() throws Exception {
        Path f = file("""
                server:
                  app: fixture
                  host: 0.0.0.0
                  port: 9000
                  path: /tools
                  maxBodyBytes: 65536
                  allowedOrigins: [https://app.example]
                state:
                  uri: redis://127.0.0.1:6380
                  keys: ring.json
                deployment:
                  instances: 3
                  instanceId: node-1
                  taskLease: 10s
                limits:
                  rate: {requests: 100, window: 1m, per: principal-and-tool}
                """);
        ServeCommand.Resolved r = parse("--config", f.toString()).resolve(Map.of());
        assertThat(r).isEqualTo(new ServeCommand.Resolved("fixture", "0.0.0.0", 9000, "/tools", 65536,
                List.of("https://app.example"), URI.create("redis://127.0.0.1:6380"), dir.resolve("ring.json"), 3,
                new ServeCommand.RateLimitSetting(100, Duration.ofMinutes(1), RateLimit.Per.PRINCIPAL_AND_TOOL),
                "node-1", Duration.ofSeconds(10), new GovernanceOptions.Resolved(null, null, null)));

        ServeCommand.Resolved over = parse("--config", f.toString(), "--port", "9100", "--rate-limit", "5/10s")
                .resolve(Map.of("SWITCHBOARD_PORT", "9200", "SWITCHBOARD_HOST", "127.0.0.2"));
        assertThat(over.port()).isEqualTo(9100);
        assertThat(parse("--config", f.toString(), "--task-lease", "2s").resolve(Map.of("SWITCHBOARD_INSTANCE_ID", "n2")))
                .extracting(ServeCommand.Resolved::instanceId, ServeCommand.Resolved::taskLease)
                .containsExactly("n2", Duration.ofSeconds(2));
        assertThat(over.host()).isEqualTo("127.0.0.2");
        assertThat(over.rateLimit()).isEqualTo(new ServeCommand.RateLimitSetting(5, Duration.ofSeconds(10),
                RateLimit.Per.PRINCIPAL_AND_TOOL));
    }

    @Test
    void theConfigFileCanComeFromTheEnvironment() throws Exception {
        Path f = file("server: {port: 7777}\n");
        assertThat(parse().resolve(Map.of("SWITCHBOARD_CONFIG", f.toString())).port()).isEqualTo(7777);
    }

    @Test
    void severalInstancesWithEmbeddedStateAreRefused() throws Exception {
        assertThatThrownBy(() -> parse("--instances", "3").resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--instances declares 3 instances, but the state store is embedded")
                .hasMessageContaining("--state redis://");
        Path f = file("deployment:\n  instances: 2\n");
        assertThatThrownBy(() -> parse("--config", f.toString()).resolve(Map.of()))
                .hasMessageContaining(f + ":2:14 /deployment/instances declares 2 instances");
        assertThatThrownBy(() -> parse().resolve(Map.of("SWITCHBOARD_INSTANCES", "4", "SWITCHBOARD_STATE", "embedded")))
                .hasMessageContaining("SWITCHBOARD_INSTANCES declares 4 instances");
    }

    @Test
    void sharedStateNeedsASharedKeyRing() {
        assertThatThrownBy(() -> parse("--state", "redis://127.0.0.1:6379").resolve(Map.of()))
                .hasMessageContaining("--state shares state between instances").hasMessageContaining("--keys FILE");
        assertThat(parse("--state", "redis://127.0.0.1:6379", "--keys", "k.json", "--instances", "3").resolve(Map.of()).instances())
                .isEqualTo(3);
    }

    @Test
    void badValuesAreRefusedWithTheirSource() throws Exception {
        assertThatThrownBy(() -> parse("--state", "postgres://db").resolve(Map.of()))
                .hasMessageContaining("--state: the state store must be 'embedded' or a redis://");
        assertThatThrownBy(() -> parse("--rate-limit", "lots").resolve(Map.of()))
                .hasMessageContaining("--rate-limit: \"lots\" is not N/WINDOW");
        assertThatThrownBy(() -> parse("--rate-limit", "5/1m", "--rate-limit-per", "planet").resolve(Map.of()))
                .hasMessageContaining("--rate-limit-per: \"planet\" is not one of");
        assertThatThrownBy(() -> parse().resolve(Map.of("SWITCHBOARD_PORT", "eighty")))
                .hasMessageContaining("SWITCHBOARD_PORT: \"eighty\" is not an integer");
        Path f = file("server:\n  port: 70000\n  colour: blue\n");
        assertThatThrownBy(() -> parse("--config", f.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":2:9: /server/port:")
                .hasMessageContaining("colour");
    }

    @Test
    void theCommandExitsWithTheConfigurationCode() {
        KeysCommandTest.Run r = KeysCommandTest.run("serve", "--instances", "2");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).startsWith("switchboard: --instances declares 2 instances");
    }
}
