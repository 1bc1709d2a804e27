package dev.switchboard.policy;

import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.http.ApiRoute;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.http.Route;
import dev.switchboard.policy.approval.ApprovalPage;
import dev.switchboard.policy.approval.Approvals;
import dev.switchboard.policy.audit.AuditKey;
import dev.switchboard.policy.audit.Auditor;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Principal;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.embedded.FileAuditLog;
import dev.switchboard.state.embedded.InMemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Approvals end to end over HTTP: McpClient calls, gets a URL-mode elicitation, "the human" opens
 * the approval page and posts a decision, the client retries and the call runs once; audited.
 */
class ApprovalHttpTest {
    private static final String BUNDLE = """
            rules:
              - id: pay
                match: {tools: [pay]}
                effect: allow
              - id: big-payments
                match: {tools: [pay]}
                when: args.amount > 1000
                effect: require_approval
                reason: payments over 1000 need a second pair of eyes
            """;

    @TempDir
    Path dir;
    private final AtomicInteger paid = new AtomicInteger();
    private final AtomicReference<URI> page = new AtomicReference<>();
    private final List<String> pageStatuses = new CopyOnWriteArrayList<>();
    private FileAuditLog log;
    private Auditor auditor;
    private McpHttpServer http;

    /** Mounts the page as cli does (cli's ApprovalRoute): an API route that sees GET and the form POST. */
    static ApiRoute route(ApprovalPage approvalPage) {
        return request -> {
            ApprovalPage.Reply r = "POST".equals(request.method())
                    ? approvalPage.post(request.header("Content-Type"), request.formFields(), request.cookies(),
                            request.header("Origin"), request.header("Host"), request.remoteAddress(), null)
                    : approvalPage.get(request.queryFields(), request.cookies(), null);
            return new Route.Reply(r.status(), r.contentType(), r.body(), r.headers());
        };
    }

    @BeforeEach
    void start() throws Exception {
        log = FileAuditLog.open(dir.resolve("audit.jsonl"));
        auditor = Auditor.builder(log, AuditKey.generate(), "i1").build();
        InMemoryStore store = new InMemoryStore();
        Approvals approvals = Approvals.builder(store, store, dev.switchboard.state.seal.KeyRing.newKey(), page::get)
                .listener(auditor).build();
        PolicyEngine engine = new PolicyEngine(PolicyBundle.load(Files.writeString(dir.resolve("bundle.yaml"), BUNDLE)));
        McpServer server = McpServer.builder("payments", "1")
                .interceptor(PolicyInterceptor.builder(engine, "payments").decisions(auditor).approvals(approvals).build())
                .tool(Tool.of("pay", "pay", JsonObject.of("type", Json.of("object"))), ToolHandler.of(call -> {
                    paid.incrementAndGet();
                    return CallToolResult.of(TextContent.of("paid " + call.arguments().get("amount")));
                }))
                .build();
        // A signed-in user, as an authenticator would make them; the page itself is not authenticated.
        Principal carol = Principal.user("https://idp.example", "carol", Set.of());
        http = McpHttpServer.builder(server).port(0).authenticator(request -> carol)
                .api("/approvals", route(new ApprovalPage(approvals, dev.switchboard.policy.approval.Approvers.ANYONE_WITH_LINK))).start();
        page.set(http.endpoint().resolve("/approvals"));
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        auditor.close();
        log.close();
    }

    /** The human: opens the page in a browser (cookies kept), reads it, presses a button. */
    private ElicitResult human(ElicitRequest request, String decision) throws Exception {
        assertThat(request.isUrl()).isTrue();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> shown = browser.send(HttpRequest.newBuilder(URI.create(request.url())).build(),
                HttpResponse.BodyHandlers.ofString());
        pageStatuses.add(shown.statusCode() + (shown.body().contains("payments over 1000") ? " shows the reason" : ""));
        Matcher id = Pattern.compile("name=\"id\" value=\"([^\"]+)\"").matcher(shown.body());
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(shown.body());
        assertThat(id.find() && csrf.find()).as("the page has the form").isTrue();
        HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create(request.url()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("id=" + id.group(1) + "&csrf=" + csrf.group(1) + "&decision=" + decision))
                .build(), HttpResponse.BodyHandlers.ofString());
        pageStatuses.add(String.valueOf(posted.statusCode()));
        return ElicitResult.accept(null);
    }

    private McpClient client(String decision) {
        return McpClient.builder(http.endpoint()).elicitation(r -> human(r, decision), false, true).build();
    }

    @Test
    void aPersonApprovesOnThePageAndTheCallRunsOnce() throws Exception {
        try (McpClient client = client("approve")) {
            CallToolResult r = client.callTool("pay", JsonObject.of("amount", Json.of(1500)));
            assertThat(((TextContent) r.content().getFirst()).text()).isEqualTo("paid 1500");
        }
        assertThat(paid).hasValue(1);
        assertThat(pageStatuses).containsExactly("200 shows the reason", "200");

        assertThat(auditor.flush(Duration.ofSeconds(5))).isTrue();
        List<String> trail = log.read(1, 100).stream().map(AuditRecord::event)
                .map(e -> e.getString("type") + ":" + (e.has("event") ? e.getString("event") : e.getString("decision")))
                .toList();
        assertThat(trail).containsExactly("decision:require_approval", "approval:requested", "approval:approved",
                "decision:require_approval", "approval:used");
        JsonObject used = log.read(1, 100).getLast().event();
        assertThat(used.getString("principalKey")).isEqualTo("https://idp.example|carol");
        assertThat(used.getString("target")).isEqualTo("pay");
        assertThat(used.getString("rule")).isEqualTo("big-payments");
        assertThat(used.getString("approval")).startsWith("sha256:");
    }

    @Test
    void aRejectionOnThePageRefusesTheCall() throws Exception {
        try (McpClient client = client("reject")) {
            ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                    () -> client.callTool("pay", JsonObject.of("amount", Json.of(5000))));
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(e.getMessage()).contains("the approver rejected this call");
        }
        assertThat(paid).hasValue(0);
        assertThat(auditor.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(log.read(1, 100).stream().map(AuditRecord::event).filter(ev -> "approval".equals(ev.getString("type")))
                .map(ev -> ev.getString("event") + (ev.has("outcome") ? " " + ev.getString("outcome") : "")).toList())
                .containsExactly("requested", "rejected", "refused rejected");
    }

    @Test
    void aClientThatCannotOpenUrlsIsToldWhatItLacks() {
        try (McpClient client = McpClient.builder(http.endpoint()).elicitation(r -> ElicitResult.decline()).build()) {
            ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                    () -> client.callTool("pay", JsonObject.of("amount", Json.of(5000))));
            assertThat(e.code()).isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
            assertThat(e.getMessage()).contains("elicitation.url");
            assertThat(client.callTool("pay", JsonObject.of("amount", Json.of(10))).isError()).isNotEqualTo(Boolean.TRUE);
        }
        assertThat(paid).hasValue(1);
    }

    @Test
    void aSessionEraClientIsToldApprovalNeedsA2026Client() {
        try (McpClient client = McpClient.builder(http.endpoint()).era(dev.switchboard.client.Era.LEGACY)
                .elicitation(r -> ElicitResult.accept(null), true, true).build()) {
            ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                    () -> client.callTool("pay", JsonObject.of("amount", Json.of(5000))));
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(e.getMessage()).contains("use a 2026-07-28 client");
            assertThat(client.callTool("pay", JsonObject.of("amount", Json.of(10))).isError()).isNotEqualTo(Boolean.TRUE);
        }
        assertThat(paid).hasValue(1);
    }
}
