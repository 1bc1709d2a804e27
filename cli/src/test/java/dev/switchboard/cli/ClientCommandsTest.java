package dev.switchboard.cli;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard list} and {@code switchboard call} against the demo server. */
class ClientCommandsTest {
    static McpHttpServer http;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        http = McpHttpServer.builder(DemoServer.create()).port(0).start();
        url = http.endpoint().toString();
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void listPrintsWhatTheServerOffers() {
        KeysCommandTest.Run r = KeysCommandTest.run("list", url);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("dev.switchboard/demo").contains("MCP 2026-07-28")
                .contains("echo — Returns the text it is given.").contains("demo://greeting/{name}").contains("summarize");
    }

    @Test
    void listAsJsonIsOneParsableObject() {
        KeysCommandTest.Run r = KeysCommandTest.run("list", url, "--json", "--era", "legacy");
        assertThat(r.code()).isZero();
        JsonObject o = (JsonObject) Wire.parse(r.out().strip());
        assertThat(o.getString("protocolVersion")).isEqualTo("2025-11-25");
        assertThat(o.get("tools").toString()).contains("count_slowly");
    }

    @Test
    void callPrintsTheTextAndProgressGoesToStderr() {
        KeysCommandTest.Run r = KeysCommandTest.run("call", url, "count_slowly", "--arg", "n=2");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("counted to 2");
        assertThat(r.err()).contains("[progress 1/2").contains("[progress 2/2");
    }

    @Test
    void callTakesJsonArgumentsAndPrintsStructuredContent() {
        KeysCommandTest.Run r = KeysCommandTest.run("call", url, "add", "--json-args", "{\"a\":2,\"b\":3}");
        assertThat(r.out()).contains("5").contains("structured: {\"sum\":5}");
    }

    @Test
    void anUnknownToolSuggestsTheNearestNames() {
        KeysCommandTest.Run r = KeysCommandTest.run("call", url, "ecko", "--arg", "text=x");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("unknown tool \"ecko\"").contains("did you mean echo");
    }

    @Test
    void aToolErrorExitsWithItsOwnCode() {
        KeysCommandTest.Run r = KeysCommandTest.run("call", url, "echo", "--arg", "text=5");
        assertThat(r.code()).isEqualTo(CallCommand.TOOL_ERROR);
        assertThat(r.out()).contains("[tool error]").contains("/text");
    }

    @Test
    void anUnreachableServerSaysSo() {
        KeysCommandTest.Run r = KeysCommandTest.run("list", "http://127.0.0.1:1/mcp", "--timeout", "5");
        assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("127.0.0.1:1");
    }

    @Test
    void listDrivesAStdioServerGivenAfterTheDoubleDash() {
        String java = ProcessHandle.current().info().command().orElse("java");
        KeysCommandTest.Run r = KeysCommandTest.run("list", "--", java, "-cp", System.getProperty("java.class.path"),
                SwitchboardCommand.class.getName(), "serve", "--stdio");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("dev.switchboard/demo").contains("MCP 2026-07-28").contains("count_slowly");
    }

    @Test
    void argumentValuesThatParseAsJsonAreJson() {
        assertThat(CallCommand.value("42").toString()).isEqualTo("42");
        assertThat(CallCommand.value("true").toString()).isEqualTo("true");
        assertThat(CallCommand.value("hello").toString()).isEqualTo("\"hello\"");
        assertThat(CallCommand.value("\"42\"").toString()).isEqualTo("\"42\"");
        assertThat(CallCommand.value("null").toString()).isEqualTo("\"null\"");
    }
}
