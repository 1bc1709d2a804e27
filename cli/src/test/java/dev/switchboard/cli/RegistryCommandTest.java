package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.registry.source.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code switchboard registry}: settings, the demo catalog served on both faces, and {@code registry errors}. */
class RegistryCommandTest {
    @TempDir
    Path dir;

    private static RegistryCommand parse(String... args) {
        RegistryCommand command = new RegistryCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsServeTheDemoCatalogOnPort8090() {
        RegistryCommand.Resolved r = parse().resolve(Map.of());
        assertThat(r).isEqualTo(new RegistryCommand.Resolved("127.0.0.1", 8090, "/mcp", 1024 * 1024, List.of(), null, null, null,
                List.of(), true, Duration.ofHours(1), 4, 3, Duration.ofSeconds(10), false, false));
        assertThat(parse("--publish").resolve(Map.of()).publish()).isTrue();
        assertThat(parse().resolve(Map.of("SWITCHBOARD_REGISTRY_PUBLISH", "true")).publish()).isTrue();
    }

    @Test
    void aFileConfiguresSourcesAndFlagsAndVariablesOverrideIt() throws Exception {
        Path f = file("registry.yaml", """
                server: {host: 0.0.0.0, port: 9001, path: /registry-mcp}
                store: {directory: data}
                sources:
                  - files: servers
                  - catalog: https://example.com/.well-known/ai-catalog.json
                  - card: https://mcp.example.com/mcp/server-card
                  - registry: https://registry.modelcontextprotocol.io
                crawl: {interval: 30m, perHost: 2, attempts: 5, timeout: 5s}
                """);
        RegistryCommand.Resolved r = parse("--config", f.toString()).resolve(Map.of());
        assertThat(r.sources()).containsExactly(new Source.Files(dir.resolve("servers")),
                new Source.Catalog(URI.create("https://example.com/.well-known/ai-catalog.json")),
                new Source.Card(URI.create("https://mcp.example.com/mcp/server-card")),
                new Source.Upstream(URI.create("https://registry.modelcontextprotocol.io")));
        assertThat(r.demo()).isFalse();
        assertThat(r.data()).isEqualTo(dir.resolve("data"));
        assertThat(r).extracting(RegistryCommand.Resolved::port, RegistryCommand.Resolved::path, RegistryCommand.Resolved::interval,
                RegistryCommand.Resolved::perHost, RegistryCommand.Resolved::attempts)
                .containsExactly(9001, "/registry-mcp", Duration.ofMinutes(30), 2, 5);
        RegistryCommand.Resolved over = parse("--config", f.toString(), "--source", "files:/srv/mcp", "--demo")
                .resolve(Map.of("SWITCHBOARD_PORT", "9002", "SWITCHBOARD_REGISTRY_CRAWL_INTERVAL", "0s"));
        assertThat(over.sources()).containsExactly(new Source.Files(Path.of("/srv/mcp")));
        assertThat(over.demo()).isTrue();
        assertThat(over.port()).isEqualTo(9002);
        assertThat(over.interval()).isZero();
    }

    @Test
    void refusalsNameTheFileLineOrFlagAtFault() throws Exception {
        Path f = file("bad.yaml", """
                sources:
                  - ftp: ftp://example.com/servers
                """);
        assertThatThrownBy(() -> parse("--config", f.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(f.toString()).hasMessageContaining("/sources/0");
        Path g = file("port.yaml", "server: {port: 99999}\n");
        assertThatThrownBy(() -> parse("--config", g.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(g + ":1:16").hasMessageContaining("/server/port");
        assertThatThrownBy(() -> parse("--source", "gopher:x").resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--source \"gopher:x\"").hasMessageContaining("unknown source kind");
        assertThatThrownBy(() -> parse("--source", "card:not a url").resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> parse().resolve(Map.of("SWITCHBOARD_REGISTRY_SOURCES", "catalog:file:///etc/passwd")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_REGISTRY_SOURCES").hasMessageContaining("http(s)");
        assertThatThrownBy(() -> parse("--crawl-interval", "1s").resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 10s");
    }

    @Test
    void errorsListsEveryInvalidEntryWithItsReasonAndExitsSeven() throws Exception {
        file("servers/ok.json", """
                {"name": "com.example/ok", "description": "Fine.", "version": "1.0.0"}""");
        file("servers/bad-name.json", """
                {"name": "no-namespace", "description": "Bad name.", "version": "1.0.0"}""");
        file("servers/broken.json", "{\"name\": ");
        file("servers/dup.json", """
                {"name": "com.example/ok", "description": "Again.", "version": "1.0.0"}""");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SwitchboardCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("registry", "errors", "--source", "files:" + dir.resolve("servers"));
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.INVALID_ENTRIES);
        assertThat(out.toString()).startsWith("3 invalid entries (1 valid):")
                .contains("no-namespace@1.0.0").contains("must contain exactly one '/'")
                .contains("broken.json").contains("not valid JSON")
                .contains("duplicate: com.example/ok@1.0.0 is also defined in");
        assertThat(err.toString()).contains("crawled 1 source in");

        StringWriter clean = new StringWriter();
        cli.setOut(new PrintWriter(clean));
        assertThat(cli.execute("registry", "errors")).isZero(); // the demo catalog alone is valid
        assertThat(clean.toString()).startsWith("No invalid entries (6 valid).");
    }

    @Test
    void servesTheDemoCatalogOnTheReadApiAndMcpOnOnePort() throws Exception {
        RegistryCommand command = new RegistryCommand();
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler(new ExitCodes());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        Thread run = Thread.ofVirtual().start(() -> cli.execute("--port", "0"));
        try {
            Pattern api = Pattern.compile("read API (http://\\S+)/v0.1/servers");
            Matcher m = api.matcher("");
            for (int i = 0; i < 200 && !(m = api.matcher(out.toString())).find(); i++) {
                Thread.sleep(50);
            }
            assertThat(m.find(0)).as(out.toString()).isTrue();
            HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(m.group(1) + "/v0.1/servers?search=weather")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("com.example.weather/forecast");
            assertThat(out.toString()).contains("Switchboard registry: 6 entries, 0 rejected; MCP endpoint http://127.0.0.1:");
            try (var client = dev.switchboard.client.McpClient.builder(command.running.endpoint()).build()) {
                var hits = client.callTool("search_servers", dev.switchboard.protocol.json.JsonObject.of("query",
                        dev.switchboard.protocol.json.Json.of("tickets")));
                assertThat(hits.structuredContent().toString()).contains("com.example.tickets/helpdesk");
            }
        } finally {
            if (command.running != null) {
                command.running.close();
            }
            run.join(5000);
        }
    }

    @Test
    void aPostgresqlStoreComesFromTheFileAFlagOrAVariableAndABadOneIsRefused() throws Exception {
        Path f = file("pg.yaml", "store: {url: 'postgresql://app:secret@db.internal:5432/registry'}\n");
        RegistryCommand.Resolved r = parse("--config", f.toString()).resolve(Map.of());
        assertThat(r.store().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/registry");
        assertThat(r.store().user()).isEqualTo("app");
        assertThat(r.data()).isNull();
        assertThat(parse().resolve(Map.of("SWITCHBOARD_REGISTRY_STORE", "postgres://h/r")).store().jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/r");
        assertThat(parse("--store", "postgresql://h/flag").resolve(Map.of("SWITCHBOARD_REGISTRY_STORE", "postgres://h/env"))
                .store().jdbcUrl()).isEqualTo("jdbc:postgresql://h/flag");
        assertThat(parse().resolve(Map.of()).store()).isNull(); // embedded by default
        assertThatThrownBy(() -> parse("--store", "postgresql://h").resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--store: a PostgreSQL URL needs exactly one database name");
        assertThatThrownBy(() -> parse().resolve(Map.of("SWITCHBOARD_REGISTRY_STORE", "mysql://h/r")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_REGISTRY_STORE")
                .hasMessageContaining("the scheme must be postgresql://");
        assertThatThrownBy(() -> parse("--store", "postgresql://h/r", "--data", dir.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--data and --store").hasMessageContaining("not both");
        Path bad = file("bad-pg.yaml", "store: {url: 'mysql://h/r'}\n");
        assertThatThrownBy(() -> parse("--config", bad.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("/store/url");
        Path both = file("both.yaml", "store: {url: 'postgresql://h/r', directory: data}\n");
        assertThatThrownBy(() -> parse("--config", both.toString()).resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("/store");
    }

    @Test
    void twoRegistriesOnOnePostgresqlDatabaseServeTheSameEntries() throws Exception {
        try (dev.switchboard.testkit.PostgresServer pg = dev.switchboard.testkit.PostgresServer.start()) {
            pg.createDatabase("registry");
            RegistryCommand first = new RegistryCommand();
            RegistryCommand second = new RegistryCommand();
            Thread one = serve(first, "--port", "0", "--store", pg.url("registry")); // lists the demo catalog
            Thread two = serve(second, "--port", "0", "--store", pg.url("registry"), "--no-demo");
            try {
                HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(second.running.apiBase() + "/v0.1/servers?search=weather")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(list.body()).contains("com.example.weather/forecast");
                try (var client = dev.switchboard.client.McpClient.builder(second.running.endpoint()).build()) {
                    var hits = client.callTool("search_servers", dev.switchboard.protocol.json.JsonObject.of("query",
                            dev.switchboard.protocol.json.Json.of("tickets")));
                    assertThat(hits.structuredContent().toString()).contains("com.example.tickets/helpdesk");
                }
            } finally {
                for (RegistryCommand c : List.of(first, second)) {
                    if (c.running != null) {
                        c.running.close();
                    }
                }
                one.join(5000);
                two.join(5000);
            }
        }
    }

    @Test
    void anUnreachableDatabaseExitsFiveNamingItWithoutItsPassword() throws Exception {
        int port = dev.switchboard.testkit.RedisServer.freePort();
        CommandLine cli = new CommandLine(new RegistryCommand());
        cli.setExecutionExceptionHandler(new ExitCodes());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("--port", "0", "--store", "postgresql://app:secret@127.0.0.1:" + port + "/registry?connectTimeout=2");
        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString()).contains("cannot connect to the registry database postgresql://app:***@127.0.0.1:" + port)
                .doesNotContain("secret");
    }

    /** Runs {@code command} on a thread until it serves (at most 30 s). */
    private static Thread serve(RegistryCommand command, String... args) throws InterruptedException {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler(new ExitCodes());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        Thread run = Thread.ofVirtual().start(() -> cli.execute(args));
        for (int i = 0; i < 600 && command.running == null && run.isAlive(); i++) {
            Thread.sleep(50);
        }
        assertThat(command.running).as(out.toString()).isNotNull();
        return run;
    }
}
