package dev.switchboard.policy;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestMeta;
import dev.switchboard.server.ToolHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.policy.Bundles.delegated;
import static dev.switchboard.policy.Bundles.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The interceptor on an in-process server: calls enforced, lists filtered, decisions reported. */
class PolicyInterceptorTest {
    private static final String BUNDLE = """
            rules:
              - id: reads
                match: {tools: ["read_*"]}
                effect: allow
              - id: finance
                match: {tools: ["finance.*"]}
                when: '"finance" in principal.scopes'
                effect: allow
              - id: big-payments
                match: {tools: [finance.pay]}
                when: '"finance" in principal.scopes && args.amount > 1000'
                effect: require_approval
                reason: over 1000
              - id: no-agents-on-finance
                match: {tools: ["finance.*"]}
                when: agent != ""
                effect: deny
                reason: finance tools are for people
              - id: mask-iban
                match: {tools: [finance.pay]}
                effect: redact
                redact: {result: [/structuredContent/iban, /content/0/text]}
            """;

    @TempDir
    Path dir;
    private final List<Decision> decisions = new CopyOnWriteArrayList<>();
    private final AtomicInteger handled = new AtomicInteger();
    private McpServer server;

    @BeforeEach
    void setUp() {
        PolicyEngine engine = new PolicyEngine(Bundles.load(dir, BUNDLE));
        McpServer.Builder b = McpServer.builder("files", "1")
                .interceptor(new PolicyInterceptor(engine, "files", (request, context, decision) -> decisions.add(decision)));
        for (String name : List.of("read_file", "delete_file", "finance.pay")) {
            b.tool(Tool.of(name, name, JsonObject.of("type", dev.switchboard.protocol.json.Json.of("object"))),
                    ToolHandler.of(call -> {
                        handled.incrementAndGet();
                        return CallToolResult.structured(JsonObject.of("iban", dev.switchboard.protocol.json.Json.of("DE00 1234"),
                                "ok", dev.switchboard.protocol.json.Json.of(true)), TextContent.of("paid from DE00 1234"));
                    }));
        }
        server = b.build();
    }

    private JsonObject handle(Principal p, String method, String paramsJson) throws Exception {
        JsonObject params = (JsonObject) Wire.parse(paramsJson);
        JsonObject meta = JsonObject.builder().put(MetaKeys.PROTOCOL_VERSION, "2026-07-28")
                .put(MetaKeys.CLIENT_CAPABILITIES, JsonObject.EMPTY).build();
        Request r = new Request(RequestId.of(1), method, params.with("_meta", meta));
        return server.handle(r, RequestMeta.read(r), p, EventSink.NONE, new CancellationSignal());
    }

    private McpException refused(Principal p, String tool, String argsJson) {
        return catchThrowableOfType(McpException.class,
                () -> handle(p, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + argsJson + "}"));
    }

    @Test
    void allowedCallsRunAndAreReported() throws Exception {
        JsonObject result = handle(user("alice"), "tools/call", "{\"name\":\"read_file\",\"arguments\":{}}");
        assertThat(result.get("isError")).isNull();
        assertThat(handled).hasValue(1);
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.effect()).isEqualTo(Effect.ALLOW);
            assertThat(d.ruleId()).isEqualTo("reads");
        });
    }

    @Test
    void deniedCallsAreForbiddenNamingTheRuleAndNeverRun() {
        McpException e = refused(delegated("alice", "bot"), "finance.pay", "{\"amount\": 5}");
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(e.getMessage()).isEqualTo("denied by rule no-agents-on-finance: finance tools are for people");
        assertThat(((JsonObject) e.data()).getString("rule")).isEqualTo("no-agents-on-finance");
        assertThat(((JsonObject) e.data()).getString("bundle")).startsWith("sha256:");
        assertThat(handled).hasValue(0);
        assertThat(decisions).singleElement().extracting(Decision::effect).isEqualTo(Effect.DENY);
    }

    @Test
    void aHiddenToolCalledByNameIsDenied() {
        McpException e = refused(user("alice"), "delete_file", "{}");
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(e.getMessage()).contains("default deny");
        assertThat(handled).hasValue(0);
    }

    @Test
    void approvalIsRequiredAboveTheAmount() {
        McpException e = refused(user("carol", "finance"), "finance.pay", "{\"amount\": 1500}");
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(e.getMessage()).startsWith("approval required by rule big-payments: over 1000")
                .contains("no approval page is configured");
        assertThat(handled).hasValue(0);
    }

    @Test
    void resultPathsAreMasked() throws Exception {
        JsonObject result = handle(user("carol", "finance"), "tools/call",
                "{\"name\":\"finance.pay\",\"arguments\":{\"amount\": 10}}");
        assertThat(handled).hasValue(1);
        assertThat(result.getObject("structuredContent").getString("iban")).isEqualTo(PolicyInterceptor.REDACTED);
        assertThat(result.getObject("structuredContent").get("ok")).hasToString("true");
        assertThat(((JsonObject) ((JsonArray) result.get("content")).get(0)).getString("text"))
                .isEqualTo(PolicyInterceptor.REDACTED);
    }

    @Test
    void toolsListShowsOnlyWhatThePrincipalCouldCallAndIsPrivate() throws Exception {
        assertThat(names(handle(user("carol", "finance"), "tools/list", "{}"))).containsExactly("read_file", "finance.pay");
        assertThat(names(handle(user("dave"), "tools/list", "{}"))).containsExactly("read_file");
        JsonObject agentList = handle(delegated("carol", "bot"), "tools/list", "{}");
        assertThat(names(agentList)).containsExactly("read_file");
        assertThat(agentList.getString("cacheScope")).isEqualTo("private");
        assertThat(decisions).as("listing is not a decision").isEmpty();
    }

    private static List<String> names(JsonObject listResult) {
        return ((JsonArray) listResult.get("tools")).values().stream()
                .map(t -> ((JsonObject) t).getString("name")).toList();
    }
}
