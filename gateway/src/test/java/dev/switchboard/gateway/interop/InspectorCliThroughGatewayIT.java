package dev.switchboard.gateway.interop;

import dev.switchboard.client.Era;
import dev.switchboard.examples.DemoServer;
import dev.switchboard.http.Authenticator;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.Principal;
import dev.switchboard.testkit.TestServer;
import dev.switchboard.testkit.interop.NodeScripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP Inspector's CLI ({@code @modelcontextprotocol/inspector} 2.12.0, {@code --cli}) through
 * the gateway in front of the demo server, in each era: {@code --protocol-era legacy} (the
 * session-era handshake, the CLI's default for a URL) and {@code --protocol-era modern}
 * (2026-07-28: {@code server/discover}, no session), each against a gateway that speaks the
 * demo server in 2026-07-28 and one that speaks it in the session era. Every run lists the tools
 * and calls {@code echo} (one CLI process per method, as the CLI works) within 60 s; the headers of
 * every request reaching the gateway are recorded to check the era the CLI really spoke.
 */
@Timeout(300)
class InspectorCliThroughGatewayIT {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    /** MCP-Protocol-Version and whether an Mcp-Session-Id came, per request reaching a gateway. */
    record Seen(String protocolVersion, boolean session) {
    }

    private static final List<Seen> seen = new CopyOnWriteArrayList<>();
    private static NodeScripts node;
    private static TestServer demo;
    private static Fronted toModern;
    private static Fronted toSession;

    @BeforeAll
    static void start() throws Exception {
        node = NodeScripts.prepare();
        demo = TestServer.start(DemoServer.create());
        Authenticator recorder = request -> {
            seen.add(new Seen(request.header("MCP-Protocol-Version"), request.header("Mcp-Session-Id") != null));
            return Principal.ANONYMOUS;
        };
        toModern = Fronted.of("demo", demo.endpoint(), Era.MODERN, recorder);
        toSession = Fronted.of("demo", demo.endpoint(), Era.LEGACY, recorder);
    }

    @AfterAll
    static void stop() {
        Fronted.closeAll(toModern, toSession, demo);
    }

    @ParameterizedTest(name = "--protocol-era {0}, the gateway speaks {1} to the demo server")
    @CsvSource({"legacy,MODERN", "legacy,LEGACY", "modern,MODERN", "modern,LEGACY"})
    void listsToolsAndCallsEcho(String cliEra, Era upstreamEra) {
        String url = (upstreamEra == Era.MODERN ? toModern : toSession).endpoint().toString();
        String label = "inspector-" + cliEra + "-to-" + upstreamEra.name().toLowerCase();

        seen.clear();
        NodeScripts.Run list = inspector(label + "-tools-list", url, "--protocol-era", cliEra, "--method", "tools/list");
        JsonArray tools = (JsonArray) result(list).get("tools");
        assertThat(tools.values()).as(list::toString).extracting(t -> ((JsonObject) t).getString("name"))
                .containsExactlyInAnyOrder("add", "count_slowly", "echo", "greet");
        assertEra(cliEra, list);

        seen.clear();
        NodeScripts.Run echo = inspector(label + "-echo", url, "--protocol-era", cliEra,
                "--method", "tools/call", "--tool-name", "echo", "--tool-arg", "text=hi from the Inspector");
        JsonObject content = (JsonObject) ((JsonArray) result(echo).get("content")).get(0);
        assertThat(content.getString("type")).as(echo::toString).isEqualTo("text");
        assertThat(content.getString("text")).as(echo::toString).isEqualTo("hi from the Inspector");
        assertThat(result(echo).get("isError")).as(echo::toString).isNotEqualTo(JsonBoolean.TRUE);
        assertEra(cliEra, echo);
    }

    private static NodeScripts.Run inspector(String label, String url, String... args) {
        List<String> all = new ArrayList<>(List.of(url, "--format", "json", "--connect-timeout", "15000"));
        all.addAll(List.of(args));
        NodeScripts.Run run = node.inspectorCli(label, RUN_TIMEOUT, all.toArray(String[]::new));
        assertThat(run.timedOut()).as(run::toString).isFalse();
        assertThat(run.exitCode()).as(run::toString).isZero();
        return run;
    }

    /** {@code --format json} prints one object, {@code {"result": ...}}. */
    private static JsonObject result(NodeScripts.Run run) {
        JsonObject printed = (JsonObject) Wire.parse(run.stdout().strip());
        assertThat(printed.getObject("result")).as(run::toString).isNotNull();
        return printed.getObject("result");
    }

    /** What reached the gateway: 2026-07-28 on every request and no session, or a session-era handshake. */
    private static void assertEra(String cliEra, NodeScripts.Run run) {
        List<Seen> requests = List.copyOf(seen);
        assertThat(requests).as("requests of %s", run.script()).isNotEmpty();
        if (cliEra.equals("modern")) {
            assertThat(requests).as("requests of %s", run.script())
                    .allMatch(s -> "2026-07-28".equals(s.protocolVersion()) && !s.session());
        } else {
            assertThat(requests.getFirst()).as("%s's first request (initialize)", run.script()).isEqualTo(new Seen(null, false));
            assertThat(requests.subList(1, requests.size())).as("requests of %s after initialize", run.script())
                    .isNotEmpty()
                    .allMatch(s -> s.session() && s.protocolVersion() != null && !s.protocolVersion().equals("2026-07-28"));
        }
    }
}
