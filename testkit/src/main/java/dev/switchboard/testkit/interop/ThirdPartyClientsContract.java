package dev.switchboard.testkit.interop;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the official TypeScript MCP clients must see of the demo server: the v1 SDK
 * ({@code @modelcontextprotocol/sdk} 1.32.2, session era only) and the v2 client
 * ({@code @modelcontextprotocol/client} 2.4.0) in its legacy (session era) and modern (2026-07-28)
 * modes each list tools, call {@code echo}, call {@code count_slowly} receiving three progress
 * notifications, and call {@code greet} answering its elicitation. The clients and their checks are
 * the scripts in {@code interop/} (pinned with a lockfile; installed with {@code npm ci} when
 * missing); they run on the Node 22 that {@code conformance/} pins and print what they observed as
 * one JSON line, which is asserted here as well. Run against the demo server itself
 * ({@code ThirdPartyClientsIT} in examples), through the gateway to it
 * ({@code ThirdPartyClientsThroughGatewayIT} in gateway), and through the gateway to the same
 * tools on the TypeScript SDK v2 server ({@code ThirdPartyClientsThroughGatewayToTypeScriptServerIT}).
 */
public abstract class ThirdPartyClientsContract {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> DEMO_TOOLS = List.of("add", "count_slowly", "echo", "greet");
    private static final List<String> SESSION_ERA = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    private static NodeScripts scripts;

    @BeforeAll
    public static void prepareScripts() {
        scripts = NodeScripts.prepare();
    }

    /** Where {@code script}'s client connects: the demo server, or something in front of it. */
    protected abstract URI endpoint(String script);

    @Test
    public void officialSdkV1SessionClientListsCallsReceivesProgressAndAnswersElicitation() {
        NodeScripts.Run run = run("v1-session.mjs");
        JsonObject seen = run.observed();

        assertSameFourSteps(run, seen);
        assertSessionEra(run, seen);
    }

    @Test
    public void v2ClientInLegacyModeListsCallsReceivesProgressAndAnswersElicitationOverASession() {
        NodeScripts.Run run = run("v2-legacy.mjs");
        JsonObject seen = run.observed();

        assertThat(seen.getString("era")).as(run::toString).isEqualTo("legacy");
        assertSameFourSteps(run, seen);
        assertSessionEra(run, seen);
    }

    @Test
    public void v2ClientInModernModeListsCallsReceivesProgressOnThePostStreamAndAnswersInputRequiredStatelessly() {
        NodeScripts.Run run = run("v2-modern.mjs");
        JsonObject seen = run.observed();

        assertThat(seen.getString("era")).as(run::toString).isEqualTo("modern");
        assertThat(seen.getString("protocolVersion")).as(run::toString).isEqualTo("2026-07-28");
        assertThat(seen.get("sessionIssued")).as(run::toString).isEqualTo(JsonBoolean.FALSE);
        assertSameFourSteps(run, seen);
        // progress rode the tools/call POST's SSE stream; greet took input_required, then a retry
        assertThat(strings(seen, "http")).as(run::toString)
                .contains("POST tools/call(count_slowly)+progressToken v=2026-07-28 -> 200 text/event-stream",
                        "POST tools/call(greet) v=2026-07-28 -> 200 application/json",
                        "POST tools/call(greet)+inputResponses+requestState v=2026-07-28 -> 200 application/json")
                .noneMatch(line -> line.startsWith("POST initialize") || line.startsWith("POST result#") || line.startsWith("DELETE"));
        assertThat(number(seen, "greetRounds")).as(run::toString).isEqualTo(2);
    }

    private NodeScripts.Run run(String script) {
        NodeScripts.Run run = scripts.run(script, endpoint(script).toString(), SCRIPT_TIMEOUT);
        assertThat(run.timedOut()).as(run::toString).isFalse();
        assertThat(run.exitCode()).as(run::toString).isZero();
        return run;
    }

    /** tools/list, echo, count_slowly with progress, greet with an answered elicitation. */
    private static void assertSameFourSteps(NodeScripts.Run run, JsonObject seen) {
        assertThat(seen.get("ok")).as(run::toString).isEqualTo(JsonBoolean.TRUE);
        assertThat(strings(seen, "tools")).as(run::toString).containsExactlyElementsOf(DEMO_TOOLS);
        assertThat(seen.getString("echo")).as(run::toString).isEqualTo("hi");

        JsonArray progress = (JsonArray) seen.get("progress");
        assertThat(progress.values()).as(run::toString).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonObject p = (JsonObject) progress.get(i);
            assertThat(number(p, "progress")).as(run::toString).isEqualTo(i + 1);
            assertThat(number(p, "total")).as(run::toString).isEqualTo(3);
            assertThat(p.getString("message")).as(run::toString).isEqualTo("counted " + (i + 1));
        }
        assertThat(seen.getString("counted")).as(run::toString).isEqualTo("counted to 3");

        JsonArray elicitations = (JsonArray) seen.get("elicitations");
        assertThat(elicitations.values()).as(run::toString).hasSize(1);
        JsonObject elicitation = (JsonObject) elicitations.get(0);
        assertThat(elicitation.getString("message")).as(run::toString).isEqualTo("What is your name?");
        assertThat(elicitation.getObject("requestedSchema").getObject("properties").getObject("name").getString("type"))
                .as(run::toString).isEqualTo("string");
        assertThat(seen.getString("greeting")).as(run::toString).isEqualTo("Hello, Ada!");
        assertThat(strings(seen, "transportErrors")).as(run::toString).isEmpty();
    }

    /** initialize with a session id; the elicitation answered by its own POST; DELETE ends the session. */
    private static void assertSessionEra(NodeScripts.Run run, JsonObject seen) {
        assertThat(seen.getString("protocolVersion")).as(run::toString).isIn(SESSION_ERA);
        assertThat(seen.get("sessionIssued")).as(run::toString).isEqualTo(JsonBoolean.TRUE);
        assertThat(strings(seen, "http")).as(run::toString)
                .anyMatch(line -> line.startsWith("POST initialize -> 200") && line.endsWith("session-issued"))
                .anyMatch(line -> line.startsWith("POST tools/call(greet) ") && line.contains("+session -> 200 text/event-stream"))
                .anyMatch(line -> line.startsWith("POST result#") && line.endsWith("+session -> 202"))
                .noneMatch(line -> line.startsWith("POST server/discover"));
        assertThat(number(seen, "deleteStatus")).as(run::toString).isEqualTo(200);
        assertThat(number(seen, "afterDeleteStatus")).as(run::toString).isEqualTo(404);
    }

    private static List<String> strings(JsonObject o, String name) {
        Json value = o.get(name);
        assertThat(value).as("%s in %s", name, o).isInstanceOf(JsonArray.class);
        return ((JsonArray) value).values().stream().map(j -> ((JsonString) j).value()).toList();
    }

    private static long number(JsonObject o, String name) {
        Json value = o.get(name);
        assertThat(value).as("%s in %s", name, o).isInstanceOf(JsonNumber.class);
        return ((JsonNumber) value).longValue();
    }
}
