package dev.switchboard.server;

import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.sampling.CreateMessageRequest;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.sampling.SamplingMessage;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.state.seal.KeyRing;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.json;
import static dev.switchboard.server.Rpc.request;
import static dev.switchboard.server.Rpc.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MRTR on {@code tools/call}: the interim result, the retry with answers, and every way a retry's
 * {@code requestState} or {@code inputResponses} is refused.
 */
class MrtrTest {
    private static final String ELICIT = "{\"elicitation\":{}}";
    private static final JsonObject NAME_FORM = json("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}");

    /** What the handler saw on each round. */
    private final List<ToolCall> rounds = new ArrayList<>();
    private final KeyRing ring = KeyRing.generate();

    /** Asks for a login name (form elicitation), then greets; state counts the rounds. */
    private final ToolHandler greeter = call -> {
        rounds.add(call);
        ElicitResult login = call.responses().elicitation("login");
        if (login == null) {
            int round = call.state() == null ? 1 : Integer.parseInt(call.state().get("round").toString()) + 1;
            return Outcome.inputRequired("login", InputRequest.elicit(ElicitRequest.form("Your name?", NAME_FORM)),
                    JsonObject.of("round", Json.of(round)));
        }
        if (login.action() != ElicitResult.Action.ACCEPT) {
            return Outcome.complete(CallToolResult.of(TextContent.of("no name: " + login.action().wire())));
        }
        return Outcome.complete(CallToolResult.of(TextContent.of("hello " + login.content().getString("name"))));
    };

    private McpServer server() {
        return builder().build();
    }

    private McpServer.Builder builder() {
        return McpServer.builder("t", "1").keyRing(ring)
                .tool(Tool.of("greet", null, Rpc.objectSchema("{\"lang\":{\"type\":\"string\"}}")), greeter)
                .tool(Tool.of("other", null, Rpc.objectSchema("{\"lang\":{\"type\":\"string\"}}")), greeter);
    }

    private static Request first(String args) {
        return request(1, "tools/call", "{\"name\":\"greet\",\"arguments\":" + args + "}", ELICIT);
    }

    private static Request retry(Request original, Object id, String state, String inputResponsesJson) {
        Request r = Rpc.withId(original, id);
        if (state != null) {
            r = Rpc.withParam(r, "requestState", Json.of(state));
        }
        if (inputResponsesJson != null) {
            r = Rpc.withParam(r, "inputResponses", json(inputResponsesJson));
        }
        return r;
    }

    private static final String ACCEPT_ADA = "{\"login\":{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}}";

    @Test
    void firstRoundReturnsInputRequiredWithRequestsAndState() throws Exception {
        JsonObject result = handle(server(), first("{\"lang\":\"en\"}"));
        assertThat(result.getString("resultType")).isEqualTo("input_required");
        JsonObject login = result.getObject("inputRequests").getObject("login");
        assertThat(login.getString("method")).isEqualTo("elicitation/create");
        assertThat(login.getObject("params").getString("message")).isEqualTo("Your name?");
        assertThat(login.getObject("params").getObject("requestedSchema")).isEqualTo(NAME_FORM);
        assertThat(login.has("jsonrpc")).isFalse();
        assertThat(login.has("id")).isFalse();
        assertThat(result.getString("requestState")).matches("[A-Za-z0-9_-]+");
        assertThat(result.getObject("_meta").has("io.modelcontextprotocol/serverInfo")).isTrue();
    }

    @Test
    void anInputRequiredResultIsNotCacheable() throws Exception {
        JsonObject result = handle(server(), first("{}"));
        assertThat(result.has("ttlMs")).isFalse();
        assertThat(result.has("cacheScope")).isFalse();
    }

    @Test
    void requestStateDoesNotRevealTheHandlersState() throws Exception {
        McpServer server = McpServer.builder("t", "1")
                .tool(Rpc.textTool("secret"), call -> Outcome.retryWith(JsonObject.of("password", Json.of("hunter2"))))
                .build();
        String state = handle(server, request(1, "tools/call", "{\"name\":\"secret\"}")).getString("requestState");
        String decoded = new String(java.util.Base64.getUrlDecoder().decode(state), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain("hunter2").doesNotContain("password");
    }

    @Test
    void aRetryWithTheAnswerCompletes() throws Exception {
        McpServer server = server();
        Request original = first("{\"lang\":\"en\"}");
        String state = handle(server, original).getString("requestState");
        JsonObject done = handle(server, retry(original, 2, state, ACCEPT_ADA));
        assertThat(done.getString("resultType")).isEqualTo("complete");
        assertThat(text(done)).isEqualTo("hello Ada");
        assertThat(done.has("requestState")).isFalse();
    }

    @Test
    void theHandlersStateAndTypedAnswersComeBack() throws Exception {
        McpServer server = server();
        Request original = first("{}");
        String state = handle(server, original).getString("requestState");
        handle(server, retry(original, 2, state, ACCEPT_ADA));
        ToolCall second = rounds.get(1);
        assertThat(second.state()).isEqualTo(JsonObject.of("round", Json.of(1)));
        assertThat(second.responses().keys()).containsExactly("login");
        assertThat(second.responses().elicitation("login")).isEqualTo(ElicitResult.accept(JsonObject.of("name", Json.of("Ada"))));
        assertThat(second.responses().sampling("login")).isNull();
        assertThat(second.responses().roots("login")).isNull();
        assertThat(rounds.get(0).state()).isNull();
        assertThat(rounds.get(0).responses().isEmpty()).isTrue();
    }

    @Test
    void aDeclineReachesTheHandler() throws Exception {
        McpServer server = server();
        Request original = first("{}");
        String state = handle(server, original).getString("requestState");
        JsonObject done = handle(server, retry(original, 2, state, "{\"login\":{\"action\":\"decline\"}}"));
        assertThat(text(done)).isEqualTo("no name: decline");
    }

    @Test
    void aRetryMayReorderParamsAndChangeMeta() throws Exception {
        McpServer server = server();
        Request original = request(1, "tools/call", "{\"name\":\"greet\",\"arguments\":{\"lang\":\"en\"}}", ELICIT);
        String state = handle(server, original).getString("requestState");
        Request reordered = request(2, "tools/call",
                "{\"inputResponses\":" + ACCEPT_ADA + ",\"arguments\":{\"lang\":\"en\"},\"requestState\":\"" + state
                        + "\",\"name\":\"greet\",\"_meta\":{\"progressToken\":\"p\"}}", "{\"elicitation\":{\"form\":{}}}");
        assertThat(text(handle(server, reordered))).isEqualTo("hello Ada");
    }

    @Test
    void aMissingAnswerLetsTheHandlerAskAgain() throws Exception {
        McpServer server = server();
        Request original = first("{}");
        String state1 = handle(server, original).getString("requestState");
        JsonObject again = handle(server, retry(original, 2, state1, null));
        assertThat(again.getString("resultType")).isEqualTo("input_required");
        assertThat(again.getObject("inputRequests").has("login")).isTrue();
        String state2 = again.getString("requestState");
        assertThat(state2).isNotEqualTo(state1);
        assertThat(rounds.get(1).state()).isEqualTo(JsonObject.of("round", Json.of(1)));
        handle(server, retry(original, 3, state2, "{}"));
        assertThat(rounds.get(2).state()).isEqualTo(JsonObject.of("round", Json.of(2)));
        assertThat(text(handle(server, retry(original, 4, state2, ACCEPT_ADA)))).isEqualTo("hello Ada");
    }

    @Test
    void ignoresAnswersUnderKeysThatWereNeverAsked() throws Exception {
        McpServer server = server();
        Request original = first("{}");
        String state = handle(server, original).getString("requestState");
        JsonObject done = handle(server, retry(original, 2, state,
                "{\"login\":{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}},\"bogus\":{\"action\":\"maybe\"},\"x\":42}"));
        assertThat(text(done)).isEqualTo("hello Ada");
        assertThat(rounds.get(1).responses().keys()).containsExactly("login");
    }

    @Test
    void refusesAMalformedAnswer() throws Exception {
        McpServer server = server();
        Request original = first("{}");
        String state = handle(server, original).getString("requestState");
        McpException e = error(server, retry(original, 2, state, "{\"login\":{\"action\":\"maybe\"}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("inputResponses.login").contains("maybe");
        assertThat(rounds).hasSize(1);
    }

    @Test
    void refusesAnAnswerOfTheWrongKind() throws Exception {
        McpServer server = server();
        Request original = first("{}");
        String state = handle(server, original).getString("requestState");
        McpException e = error(server, retry(original, 2, state, "{\"login\":{\"roots\":[]}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("inputResponses.login");
    }

    @Test
    void refusesInputResponsesThatAreNotAnObject() throws Exception {
        McpServer server = server();
        Request original = first("{}");
        String state = handle(server, original).getString("requestState");
        Request r = Rpc.withParam(retry(original, 2, state, null), "inputResponses", Json.of("yes"));
        assertThat(error(server, r).code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void refusesATamperedState() throws Exception {
        McpServer server = server();
        Request original = first("{}");
        String state = handle(server, original).getString("requestState");
        char[] c = state.toCharArray();
        c[c.length / 2] = c[c.length / 2] == 'A' ? 'B' : 'A';
        McpException e = error(server, retry(original, 2, new String(c), ACCEPT_ADA));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("requestState");
        assertThat(rounds).hasSize(1);
    }

    @Test
    void refusesStateWithJunkAppended() throws Exception {
        McpServer server = server();
        Request original = first("{}");
        String state = handle(server, original).getString("requestState");
        for (String junk : List.of("AAAA", "junk", "x", "==")) {
            McpException e = error(server, retry(original, 2, state + junk, ACCEPT_ADA));
            assertThat(e.code()).as(junk).isEqualTo(ErrorCode.INVALID_PARAMS);
        }
    }

    @Test
    void refusesMadeUpState() {
        McpException e = error(server(), retry(first("{}"), 2, "eyJyb3VuZCI6OX0", ACCEPT_ADA));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void refusesStateThatIsNotAString() {
        Request r = Rpc.withParam(first("{}"), "requestState", json("{\"round\":9}"));
        McpException e = error(server(), r);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("requestState");
    }

    @Test
    void refusesOversizedState() {
        McpException e = error(server(), retry(first("{}"), 2, "A".repeat(64 * 1024 + 1), ACCEPT_ADA));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("too large");
    }

    @Test
    void refusesStateReplayedOnAnotherTool() throws Exception {
        McpServer server = server();
        Request original = first("{\"lang\":\"en\"}");
        String state = handle(server, original).getString("requestState");
        Request other = request(2, "tools/call", "{\"name\":\"other\",\"arguments\":{\"lang\":\"en\"}}", ELICIT);
        McpException e = error(server, retry(other, 2, state, ACCEPT_ADA));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("different request");
    }

    @Test
    void refusesStateReplayedWithDifferentArguments() throws Exception {
        McpServer server = server();
        Request original = first("{\"lang\":\"en\"}");
        String state = handle(server, original).getString("requestState");
        McpException e = error(server, retry(first("{\"lang\":\"fr\"}"), 2, state, ACCEPT_ADA));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        McpException dropped = error(server, retry(first("{}"), 3, state, ACCEPT_ADA));
        assertThat(dropped.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void refusesStateOfAnotherPrincipal() throws Exception {
        McpServer server = server();
        Request original = first("{}");
        String alices = handle(server, original, "alice").getString("requestState");
        assertThat(text(handle(server, retry(original, 2, alices, ACCEPT_ADA), "alice"))).isEqualTo("hello Ada");
        McpException e = error(server, retry(original, 3, alices, ACCEPT_ADA), "bob");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("principal");
    }

    @Test
    void refusesExpiredState() throws Exception {
        McpServer server = builder().requestStateTtl(Duration.ofMillis(1)).build();
        Request original = first("{}");
        String state = handle(server, original).getString("requestState");
        Thread.sleep(15);
        McpException e = error(server, retry(original, 2, state, ACCEPT_ADA));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("expired");
    }

    @Test
    void anotherInstanceSharingTheKeyRingContinuesTheFlow() throws Exception {
        Request original = first("{}");
        String state = handle(server(), original).getString("requestState");
        assertThat(text(handle(server(), retry(original, 2, state, ACCEPT_ADA)))).isEqualTo("hello Ada");
    }

    @Test
    void anInstanceWithAnotherKeyRingRefusesTheState() throws Exception {
        Request original = first("{}");
        String state = handle(server(), original).getString("requestState");
        McpServer stranger = McpServer.builder("t", "1")
                .tool(Tool.of("greet", null, Rpc.objectSchema("{\"lang\":{\"type\":\"string\"}}")), greeter).build();
        assertThat(error(stranger, retry(original, 2, state, ACCEPT_ADA)).code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void refusesACursorUsedAsRequestState() throws Exception {
        McpServer.Builder b = builder().pageSize(1);
        McpServer server = b.build();
        String cursor = handle(server, request(1, "tools/list", "{}")).getString("nextCursor");
        McpException e = error(server, retry(first("{}"), 2, cursor, ACCEPT_ADA));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void aNullStateIsAFirstRound() throws Exception {
        Request r = Rpc.withParam(first("{}"), "requestState", dev.switchboard.protocol.json.JsonNull.INSTANCE);
        assertThat(handle(server(), r).getString("resultType")).isEqualTo("input_required");
    }

    // ---- retry-only rounds and other answer kinds ---------------------------------------

    @Test
    void retryWithStateAloneSendsNoInputRequests() throws Exception {
        List<JsonObject> states = new ArrayList<>();
        McpServer server = McpServer.builder("t", "1").tool(Rpc.textTool("chunks"), call -> {
            states.add(call.state());
            int done = call.state() == null ? 0 : Integer.parseInt(call.state().get("done").toString());
            return done < 2 ? Outcome.retryWith(JsonObject.of("done", Json.of(done + 1)))
                    : Outcome.complete(CallToolResult.of(TextContent.of("all " + done)));
        }).build();
        Request original = request(1, "tools/call", "{\"name\":\"chunks\"}");
        JsonObject r1 = handle(server, original);
        assertThat(r1.getString("resultType")).isEqualTo("input_required");
        assertThat(r1.has("inputRequests")).isFalse();
        JsonObject r2 = handle(server, retry(original, 2, r1.getString("requestState"), null));
        JsonObject r3 = handle(server, retry(original, 3, r2.getString("requestState"), null));
        assertThat(text(r3)).isEqualTo("all 2");
        assertThat(states).containsExactly(null, JsonObject.of("done", Json.of(1)), JsonObject.of("done", Json.of(2)));
    }

    @Test
    void answersToARoundThatAskedNothingAreIgnored() throws Exception {
        List<InputResponses> seen = new ArrayList<>();
        McpServer server = McpServer.builder("t", "1").tool(Rpc.textTool("again"), call -> {
            seen.add(call.responses());
            return call.state() == null ? Outcome.retryWith(JsonObject.of("n", Json.of(1)))
                    : Outcome.complete(CallToolResult.of(TextContent.of("ok")));
        }).build();
        Request original = request(1, "tools/call", "{\"name\":\"again\"}");
        String state = handle(server, original).getString("requestState");
        JsonObject done = handle(server, retry(original, 2, state,
                "{\"x\":{\"action\":\"accept\"},\"y\":{\"action\":\"maybe\"},\"z\":{\"roots\":[]}}"));
        assertThat(text(done)).isEqualTo("ok");
        assertThat(seen.get(1).isEmpty()).isTrue();
    }

    @Test
    void answersWithoutStateAreReadByTheirShape() throws Exception {
        List<InputResponses> seen = new ArrayList<>();
        McpServer server = McpServer.builder("t", "1").tool(Rpc.textTool("look"), ToolHandler.of(call -> {
            seen.add(call.responses());
            return CallToolResult.of();
        })).build();
        Request r = Rpc.withParam(request(1, "tools/call", "{\"name\":\"look\"}"), "inputResponses", json(
                "{\"e\":{\"action\":\"cancel\"},\"r\":{\"roots\":[{\"uri\":\"file:///p\"}]},"
                        + "\"s\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"Paris\"},\"model\":\"m\"},"
                        + "\"junk\":{\"what\":1}}"));
        handle(server, r);
        InputResponses got = seen.getFirst();
        assertThat(got.keys()).containsExactlyInAnyOrder("e", "r", "s");
        assertThat(got.elicitation("e").action()).isEqualTo(ElicitResult.Action.CANCEL);
        assertThat(got.roots("r").roots().getFirst().uri()).isEqualTo("file:///p");
        assertThat(got.sampling("s").model()).isEqualTo("m");
    }

    @Test
    void samplingAndRootsAnswersComeBackTyped() throws Exception {
        List<InputResponses> seen = new ArrayList<>();
        McpServer server = McpServer.builder("t", "1").tool(Rpc.textTool("ask"), call -> {
            seen.add(call.responses());
            if (call.responses().isEmpty()) {
                Map<String, InputRequest> asks = new LinkedHashMap<>();
                asks.put("capital", InputRequest.sample(CreateMessageRequest.of(100, SamplingMessage.user("Capital of France?"))));
                asks.put("roots", InputRequest.listRoots());
                return Outcome.inputRequired(asks, null);
            }
            CreateMessageResult capital = call.responses().sampling("capital");
            ListRootsResult roots = call.responses().roots("roots");
            return Outcome.complete(CallToolResult.of(TextContent.of(
                    ((TextContent) capital.content().getFirst()).text() + " " + roots.roots().size())));
        }).build();
        Request original = request(1, "tools/call", "{\"name\":\"ask\"}", "{\"sampling\":{},\"roots\":{}}");
        JsonObject interim = handle(server, original);
        assertThat(interim.getObject("inputRequests").members().keySet()).containsExactly("capital", "roots");
        assertThat(interim.getObject("inputRequests").getObject("capital").getString("method")).isEqualTo("sampling/createMessage");
        assertThat(interim.getObject("inputRequests").getObject("roots").getString("method")).isEqualTo("roots/list");
        JsonObject done = handle(server, retry(original, 2, interim.getString("requestState"),
                "{\"capital\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"Paris\"},\"model\":\"m1\"},"
                        + "\"roots\":{\"roots\":[{\"uri\":\"file:///a\"},{\"uri\":\"file:///b\",\"name\":\"b\"}]}}"));
        assertThat(text(done)).isEqualTo("Paris 2");
    }

    @Test
    void refusesAMalformedSamplingAnswer() throws Exception {
        McpServer server = McpServer.builder("t", "1").tool(Rpc.textTool("ask"), call -> Outcome.inputRequired("c",
                InputRequest.sample(CreateMessageRequest.of(10, SamplingMessage.user("?"))), null)).build();
        Request original = request(1, "tools/call", "{\"name\":\"ask\"}", "{\"sampling\":{}}");
        String state = handle(server, original).getString("requestState");
        McpException e = error(server, retry(original, 2, state, "{\"c\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"x\"}}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("inputResponses.c").contains("model");
    }

    @Test
    void inputRequiredIsNeverReturnedWhenTheToolCompletes() throws Exception {
        JsonObject result = handle(Rpc.echoServer().build(),
                request(1, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}", ELICIT));
        assertThat(result.getString("resultType")).isEqualTo("complete");
        assertThat(result.has("requestState")).isFalse();
    }
}
