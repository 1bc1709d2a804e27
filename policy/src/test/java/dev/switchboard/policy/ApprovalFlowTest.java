package dev.switchboard.policy;

import dev.switchboard.policy.approval.Approval;
import dev.switchboard.policy.approval.ApprovalListener;
import dev.switchboard.policy.approval.Approvals;
import dev.switchboard.policy.approval.Redemption;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestMeta;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.policy.Bundles.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** require_approval as MRTR rounds on an in-process server: asked, decided, redeemed once. */
class ApprovalFlowTest {
    private static final String BUNDLE = """
            rules:
              - id: pay
                match: {tools: [pay, confirm_pay]}
                effect: allow
              - id: big-payments
                match: {tools: [pay, confirm_pay]}
                when: args.amount > 1000
                effect: require_approval
                reason: over 1000
            """;
    private static final JsonObject URL_CAPS = JsonObject.of("elicitation", JsonObject.of("url", JsonObject.EMPTY,
            "form", JsonObject.EMPTY));

    @TempDir
    Path dir;
    private final AtomicInteger handled = new AtomicInteger();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private Approvals approvals;
    private McpServer server;

    @BeforeEach
    void setUp() {
        InMemoryStore store = new InMemoryStore();
        approvals = Approvals.builder(store, store, new byte[32], () -> URI.create("http://127.0.0.1:9/approvals"))
                .clock(clock).listener(new ApprovalListener() {
                    @Override
                    public void requested(Approval a) {
                        events.add("requested " + a.target());
                    }

                    @Override
                    public void decided(Approval a) {
                        events.add(a.status().wireName());
                    }

                    @Override
                    public void redeemed(Approval a, Redemption outcome) {
                        events.add("redeemed " + outcome.wireName());
                    }

                    @Override
                    public void stateRefused(Approvals.Call call, String problem) {
                        events.add("state refused " + call.target() + ": " + problem);
                    }
                }).build();
        PolicyEngine engine = new PolicyEngine(Bundles.load(dir, BUNDLE));
        server = McpServer.builder("payments", "1")
                .interceptor(PolicyInterceptor.builder(engine, "payments").approvals(approvals).build())
                .tool(Tool.of("pay", "pay", JsonObject.of("type", Json.of("object"))), (dev.switchboard.server.ToolHandler) call -> {
                    handled.incrementAndGet();
                    return Outcome.complete(CallToolResult.of(TextContent.of("paid " + call.arguments().get("amount"))));
                })
                // asks its own question after approval: its rounds must not need a second approval
                .tool(Tool.of("confirm_pay", "confirm", JsonObject.of("type", Json.of("object"))), call -> {
                    if (call.responses().elicitation("sure") == null) {
                        return Outcome.inputRequired("sure", InputRequest.elicit(ElicitRequest.form("Sure?",
                                JsonObject.of("type", Json.of("object")))), JsonObject.of("step", Json.of(1)));
                    }
                    handled.incrementAndGet();
                    return Outcome.complete(CallToolResult.of(TextContent.of("confirmed, step " + call.state().get("step"))));
                })
                .build();
    }

    private JsonObject call(Principal p, String paramsJson, JsonObject caps) throws Exception {
        JsonObject params = (JsonObject) Wire.parse(paramsJson);
        JsonObject meta = JsonObject.builder().put(MetaKeys.PROTOCOL_VERSION, "2026-07-28")
                .put(MetaKeys.CLIENT_CAPABILITIES, caps).build();
        Request r = new Request(RequestId.of(1), "tools/call", params.with("_meta", meta));
        return server.handle(r, RequestMeta.read(r), p, EventSink.NONE, new CancellationSignal());
    }

    private JsonObject call(Principal p, String paramsJson) throws Exception {
        return call(p, paramsJson, URL_CAPS);
    }

    private McpException refused(Principal p, String paramsJson) {
        return catchThrowableOfType(McpException.class, () -> call(p, paramsJson));
    }

    private static JsonObject elicitation(JsonObject inputRequired) {
        return inputRequired.getObject("inputRequests").getObject(ApprovalGate.INPUT_KEY).getObject("params");
    }

    private static String approvalId(JsonObject inputRequired) {
        return approvalIdOf(inputRequired);
    }

    /** The approval id in an input_required result's approval URL. */
    static String approvalIdOf(JsonObject inputRequired) {
        String url = elicitation(inputRequired).getString("url");
        return url.substring(url.indexOf("id=") + 3);
    }

    /** The params members of a retry answering the approval request with {@code action}, after a comma. */
    static String answer(JsonObject inputRequired, String action) {
        return ",\"requestState\":\"" + inputRequired.getString("requestState") + "\",\"inputResponses\":{\""
                + ApprovalGate.INPUT_KEY + "\":{\"action\":\"" + action + "\"}}";
    }

    private static String retry(String tool, int amount, JsonObject inputRequired, String action) {
        return "{\"name\":\"" + tool + "\",\"arguments\":{\"amount\":" + amount + "},\"requestState\":\""
                + inputRequired.getString("requestState") + "\",\"inputResponses\":{\"" + ApprovalGate.INPUT_KEY
                + "\":{\"action\":\"" + action + "\"}}}";
    }

    private static String first(String tool, int amount) {
        return "{\"name\":\"" + tool + "\",\"arguments\":{\"amount\":" + amount + "}}";
    }

    @Test
    void aCallNeedingApprovalGetsAUrlElicitationToTheApprovalPageAndDoesNotRun() throws Exception {
        JsonObject r = call(user("carol"), first("pay", 1500));
        assertThat(r.getString("resultType")).isEqualTo("input_required");
        JsonObject params = elicitation(r);
        assertThat(params.getString("mode")).isEqualTo("url");
        assertThat(params.getString("url")).startsWith("http://127.0.0.1:9/approvals?id=");
        assertThat(params.getString("message")).contains("pay").contains("big-payments").contains("over 1000");
        assertThat(r.getString("requestState")).startsWith("sba1.");
        Approval a = approvals.find(approvalId(r));
        assertThat(a.status()).isEqualTo(Approval.Status.PENDING);
        assertThat(a.principalKey()).isEqualTo(user("carol").key());
        assertThat(a.argsSummary()).isEqualTo("{\"amount\":1500}");
        assertThat(a.argsHash()).isEqualTo(approvals.hashArguments(JsonObject.of("amount", Json.of(1500))));
        assertThat(handled).hasValue(0);
        assertThat(events).containsExactly("requested pay");
    }

    @Test
    void callsBelowTheThresholdRunWithoutApproval() throws Exception {
        assertThat(call(user("carol"), first("pay", 10)).getString("resultType")).isEqualTo("complete");
        assertThat(handled).hasValue(1);
        assertThat(events).isEmpty();
    }

    @Test
    void anApprovedRetryRunsExactlyOnce() throws Exception {
        JsonObject asked = call(user("carol"), first("pay", 1500));
        approvals.decide(approvalId(asked), true, "test", null);
        JsonObject done = call(user("carol"), retry("pay", 1500, asked, "accept"));
        assertThat(done.getString("resultType")).isEqualTo("complete");
        assertThat(done.toString()).contains("paid 1500");
        assertThat(handled).hasValue(1);

        McpException replay = refused(user("carol"), retry("pay", 1500, asked, "accept"));
        assertThat(replay.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(replay.getMessage()).contains("already used");
        assertThat(((JsonObject) replay.data()).getString("approval")).isEqualTo("already_used");
        assertThat(handled).hasValue(1);
        assertThat(events).containsExactly("requested pay", "approved", "redeemed used", "redeemed already_used");
    }

    @Test
    void aRejectedCallIsRefusedSayingSo() {
        JsonObject asked = assertAsked(first("pay", 2000));
        approvals.decide(approvalId(asked), false, "test", null);
        McpException e = refused(user("carol"), retry("pay", 2000, asked, "accept"));
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(e.getMessage()).isEqualTo("approval required by rule big-payments: over 1000; not run: "
                + "the approver rejected this call");
        assertThat(handled).hasValue(0);
    }

    @Test
    void aRetryBeforeTheDecisionIsAskedAgainForTheSameApproval() throws Exception {
        JsonObject asked = assertAsked(first("pay", 2000));
        JsonObject again = call(user("carol"), retry("pay", 2000, asked, "accept"));
        assertThat(again.getString("resultType")).isEqualTo("input_required");
        assertThat(approvalId(again)).isEqualTo(approvalId(asked));
        assertThat(elicitation(again).getString("message")).startsWith("Still waiting");
        approvals.decide(approvalId(again), true, "test", null);
        assertThat(call(user("carol"), retry("pay", 2000, again, "accept")).getString("resultType")).isEqualTo("complete");
        assertThat(handled).hasValue(1);
    }

    @Test
    void changedArgumentsAreRefusedEvenWhenApproved() {
        JsonObject asked = assertAsked(first("pay", 1500));
        approvals.decide(approvalId(asked), true, "test", null);
        McpException e = refused(user("carol"), retry("pay", 9999, asked, "accept"));
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(((JsonObject) e.data()).getString("approval")).isEqualTo("arguments_changed");
        assertThat(e.getMessage()).contains("arguments differ");
        assertThat(handled).hasValue(0);
    }

    @Test
    void anotherPrincipalCannotPresentTheApproval() {
        JsonObject asked = assertAsked(first("pay", 1500));
        approvals.decide(approvalId(asked), true, "test", null);
        McpException e = refused(user("mallory"), retry("pay", 1500, asked, "accept"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("another principal");
        assertThat(handled).hasValue(0);
        assertThat(events.getLast()).isEqualTo("state refused pay: it was issued to another principal");
    }

    @Test
    void anApprovalExpires() {
        JsonObject asked = assertAsked(first("pay", 1500));
        approvals.decide(approvalId(asked), true, "test", null);
        clock.advance(Duration.ofMinutes(11)); // past the approval; the state token lives as long
        McpException e = refused(user("carol"), retry("pay", 1500, asked, "accept"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("expired");
        assertThat(handled).hasValue(0);
    }

    @Test
    void aDeclinedElicitationRefusesTheCall() {
        JsonObject asked = assertAsked(first("pay", 1500));
        McpException e = refused(user("carol"), retry("pay", 1500, asked, "decline"));
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(e.getMessage()).contains("answered decline");
    }

    @Test
    void aTamperedStateIsAnInvalidParamsError() {
        JsonObject asked = assertAsked(first("pay", 1500));
        approvals.decide(approvalId(asked), true, "test", null);
        JsonObject tampered = asked.with("requestState", Json.of(asked.getString("requestState") + "x"));
        McpException e = refused(user("carol"), retry("pay", 1500, tampered, "accept"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(handled).hasValue(0);
        assertThat(events.getLast()).startsWith("state refused pay: ");
    }

    @Test
    void aClientWithoutUrlElicitationGetsMissingCapability() {
        McpException e = catchThrowableOfType(McpException.class, () -> call(user("carol"), first("pay", 1500),
                JsonObject.of("elicitation", JsonObject.of("form", JsonObject.EMPTY))));
        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
        assertThat(e.data()).isEqualTo(Wire.parse("{\"requiredCapabilities\":{\"elicitation\":{\"url\":{}}}}"));
        assertThat(e.getMessage()).contains("approval page").contains("elicitation.url");
        assertThat(events).as("nothing is asked of nobody").isEmpty();
    }

    @Test
    void aToolAskingItsOwnQuestionAfterApprovalIsNotAskedToApproveAgain() throws Exception {
        JsonObject asked = call(user("carol"), first("confirm_pay", 5000));
        approvals.decide(approvalId(asked), true, "test", null);
        JsonObject question = call(user("carol"), retry("confirm_pay", 5000, asked, "accept"));
        assertThat(question.getString("resultType")).isEqualTo("input_required");
        assertThat(question.getObject("inputRequests").has("sure")).isTrue();
        assertThat(question.getObject("inputRequests").has(ApprovalGate.INPUT_KEY)).isFalse();
        String answer = "{\"name\":\"confirm_pay\",\"arguments\":{\"amount\":5000},\"requestState\":\""
                + question.getString("requestState") + "\",\"inputResponses\":{\"sure\":{\"action\":\"accept\",\"content\":{}}}}";
        JsonObject done = call(user("carol"), answer);
        assertThat(done.getString("resultType")).isEqualTo("complete");
        assertThat(done.toString()).contains("confirmed, step 1");
        assertThat(handled).hasValue(1);

        String changed = answer.replace("\"amount\":5000", "\"amount\":5001");
        McpException e = refused(user("carol"), changed);
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(((JsonObject) e.data()).getString("approval")).isEqualTo("arguments_changed");
    }

    private JsonObject assertAsked(String params) {
        try {
            JsonObject r = call(user("carol"), params);
            assertThat(r.getString("resultType")).isEqualTo("input_required");
            return r;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

}
