package dev.switchboard.cli;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.PlainJWT;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.tasks.TaskPolicy;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.state.audit.AuditRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The governance adversarial suite (issue 9 item 6), end to end: a gateway run as
 * {@code switchboard gateway --config} with OAuth, a policy bundle and an audit file, in front of two
 * upstreams. Every case sends raw HTTP and checks the exact status, the JSON-RPC error, the audit
 * record it leaves (or that it leaves none), and that nothing refused reached an upstream. The
 * cases that need other parts (Redis, the outbound client's resolver, the 100 MB upstream) live
 * in the tests {@code docs/adversarial.md} lists beside these.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class AdversarialSuiteTest {
    static final String V = "2026-07-28";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonObject PATH_ARG = (JsonObject) Wire.parse(
            "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}");
    private static final JsonObject AMOUNT_ARG = (JsonObject) Wire.parse(
            "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\"}},\"required\":[\"amount\"]}");
    private static final String URL_ELICITATION = "{\"elicitation\":{\"url\":{}}}";
    private static final String TASKS = "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";
    private static final JsonObject ANY = (JsonObject) Wire.parse("{\"type\":\"object\"}");

    static final String BUNDLE = """
            rules:
              - id: read-public
                description: anyone signed in reads public files, on the files server only
                match: {tools: [files__read_file]}
                when: normalizePath(args.path).startsWith("/srv/public/")
                effect: allow
              - id: files-tools
                match: {tools: [files__echo, files__wipe, files__report]}
                effect: allow
              - id: no-wipe
                match: {tools: [files__wipe]}
                effect: deny
                reason: wiping is not for callers
              - id: refunds
                match: {tools: [files__refund]}
                effect: allow
              - id: big-refunds
                match: {tools: [files__refund]}
                when: args.amount > 1000
                effect: require_approval
                reason: refunds over 1000 need a second person
              - id: payroll-for-finance-via-payroll-agent
                match: {tools: [files__payroll]}
                when: '"finance" in principal.groups && agent in ["payroll-agent"]'
                effect: allow
              - id: echo-soon-off
                mode: shadow
                match: {tools: [files__echo]}
                effect: deny
                reason: echo goes away next month
            """;

    @TempDir
    static Path dir;
    private LocalIssuer issuer;
    private final Map<String, AtomicInteger> ran = new ConcurrentHashMap<>();
    private McpServer files;
    private McpServer mirror;
    private McpHttpServer filesHttp;
    private McpHttpServer mirrorHttp;
    private GatewayCommand.Running gateway;
    private URI endpoint;
    private String resource;
    private Path log;
    private int recordsSeen;

    @BeforeAll
    void start() throws Exception {
        issuer = new LocalIssuer();
        files = McpServer.builder("test/files", "1.0")
                .tool(Tool.of("read_file", "Reads a file", PATH_ARG), counting("files read_file",
                        call -> "contents of " + call.arguments().getString("path")))
                .tool(Tool.of("echo", "Echoes", ANY), counting("files echo", call -> "echo"))
                .tool(Tool.of("wipe", "Deletes everything", ANY), counting("files wipe", call -> "wiped"))
                .tool(Tool.of("refund", "Refunds an amount", AMOUNT_ARG), counting("files refund", call -> "refunded "
                        + call.arguments().get("amount")))
                .tool(Tool.of("payroll", "Runs the payroll", ANY), counting("files payroll", call -> "paid"))
                .interceptor(chain -> { // a tool our server would refuse to define, as a third-party server may list it
                    JsonObject result = chain.proceed();
                    if (!chain.request().method().equals("tools/list")) {
                        return result;
                    }
                    List<Json> tools = new ArrayList<>(((JsonArray) result.get("tools")).values());
                    tools.add(Wire.parse("{\"name\":\"lookup\",\"description\":\"Looks up a record\",\"inputSchema\":"
                            + "{\"type\":\"object\",\"properties\":{\"record\":{\"$ref\":\"" + issuer.url + "/schema.json\"}}}}"));
                    return result.with("tools", new JsonArray(tools));
                })
                .tool(Tool.of("report", "Builds a report as a task", ANY), (ToolHandler) call -> {
                    ran.computeIfAbsent("files report", k -> new AtomicInteger()).incrementAndGet();
                    return Outcome.complete(CallToolResult.of(TextContent.of("report")));
                }, TaskPolicy.required().pollInterval(Duration.ofMillis(50)))
                .build();
        mirror = McpServer.builder("test/mirror", "1.0")
                .tool(Tool.of("read_file", "Reads a file of the mirror", PATH_ARG), counting("mirror read_file",
                        call -> "mirror contents of " + call.arguments().getString("path")))
                .build();
        filesHttp = McpHttpServer.builder(files).port(0).start();
        mirrorHttp = McpHttpServer.builder(mirror).port(0).start();

        Path key = dir.resolve("audit.key");
        assertThat(GovernedServeTest.run("audit", "keygen", key.toString()).exit()).isZero();
        Files.writeString(dir.resolve("policy.yaml"), BUNDLE);
        log = dir.resolve("audit.jsonl");
        int port = freePort();
        resource = "http://127.0.0.1:" + port + "/mcp";
        Path config = Files.writeString(dir.resolve("gateway.yaml"), """
                server: {port: %d}
                deployment: {instanceId: gw-1}
                upstreams:
                  files: {url: %s}
                  mirror: {url: %s}
                auth:
                  issuers: [%s]
                  scopes: [mcp]
                  toolScopes:
                    files__refund: [payments:write, payments:refund]
                  allowLocalIssuer: true
                policy:
                  bundle: policy.yaml
                  watch: true
                audit:
                  sink: audit.jsonl
                  key: audit.key
                """.formatted(port, filesHttp.endpoint(), mirrorHttp.endpoint(), issuer.url));
        GatewayCommand cmd = new GatewayCommand();
        new CommandLine(cmd).parseArgs("--config", config.toString());
        gateway = cmd.start(cmd.resolve(Map.of()));
        endpoint = gateway.http().endpoint();
    }

    private ToolHandler counting(String name, java.util.function.Function<dev.switchboard.server.ToolCall, String> answer) {
        return ToolHandler.of(call -> {
            ran.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            return CallToolResult.of(TextContent.of(answer.apply(call)));
        });
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        filesHttp.close();
        mirrorHttp.close();
        files.close();
        mirror.close();
        issuer.close();
    }

    @BeforeEach
    void skipEarlierRecords() throws Exception {
        newRecords();
        ran.clear();
    }

    // ---- tokens

    @Test
    void missingToken() throws Exception {
        Answer a = call(null, "files__echo", "{}");
        a.refusedWith(401, ErrorCode.UNAUTHENTICATED, "This MCP endpoint needs an OAuth access token");
        assertThat(a.challenge()).isEqualTo("Bearer resource_metadata=\"" + metadata() + "\", scope=\"mcp\"");
        refusal(401, "needs an OAuth access token");
        nothingRan();
    }

    @Test
    void wrongAudience() throws Exception {
        invalidToken(issuer.token(issuer.claims("alice", "https://elsewhere.example/mcp")), "not for this resource (" + resource + ")");
    }

    @Test
    void aTokenMeantForAnUpstreamReplayedAtTheGateway() throws Exception {
        invalidToken(issuer.token(issuer.claims("alice", filesHttp.endpoint().toString())), "not for this resource (" + resource + ")");
    }

    @Test
    void expiredToken() throws Exception {
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        invalidToken(issuer.token(issuer.claims("alice", resource).issueTime(Date.from(past.minusSeconds(300)))
                .expirationTime(Date.from(past))), "The bearer token expired at ");
    }

    @Test
    void notYetValidToken() throws Exception {
        Instant later = Instant.now().plus(Duration.ofMinutes(10));
        invalidToken(issuer.token(issuer.claims("alice", resource).notBeforeTime(Date.from(later))), "The bearer token is not valid before ");
    }

    @Test
    void unknownIssuer() throws Exception {
        String other = "http://127.0.0.1:1/other-issuer";
        invalidToken(LocalIssuer.sign(LocalIssuer.header(issuer.key), issuer.claims("alice", resource).issuer(other).build(),
                issuer.key), "issuer http://127.0.0.1:1/other-issuer is not trusted here");
    }

    @Test
    void algNone() throws Exception {
        invalidToken(new PlainJWT(issuer.claims("alice", resource).build()).serialize(), "The bearer token is unsigned (alg \"none\")");
    }

    @Test
    void unknownKidAndKeysNamedInTheHeaderAreNeverFetched() throws Exception {
        int jwks = issuer.hits("/jwks");
        invalidToken(LocalIssuer.sign(LocalIssuer.header(issuer.stranger), issuer.claims("alice", resource).build(),
                issuer.stranger), "has no ES256 key with kid \"k9\" in its JWKS");
        assertThat(issuer.hits("/jwks") - jwks).as("an unknown kid refetches the issuer's own JWKS at most once").isLessThanOrEqualTo(1);
        URI evil = URI.create(issuer.url + "/evil-jwks");
        invalidToken(LocalIssuer.sign(LocalIssuer.header(issuer.stranger).jwkURL(evil), issuer.claims("alice", resource).build(),
                issuer.stranger), "The bearer token names its own key (jku header); keys are taken only from the issuer's configured JWKS");
        invalidToken(LocalIssuer.sign(LocalIssuer.header(issuer.stranger).x509CertURL(evil), issuer.claims("alice", resource)
                .build(), issuer.stranger), "The bearer token names its own key (x5u header)");
        assertThat(issuer.hits("/evil-jwks")).as("no key named by a token is fetched").isZero();
    }

    @Test
    void anIdTokenPresentedAsAnAccessToken() throws Exception {
        String id = LocalIssuer.sign(LocalIssuer.header(issuer.key).type(JOSEObjectType.JWT), issuer.claims("alice", "console")
                .audience("console").claim("nonce", "n-1").claim("auth_time", Instant.now().getEpochSecond()).build(), issuer.key);
        invalidToken(id, "an access token must have typ \"at+jwt\" (RFC 9068)");
    }

    @Test
    void aTokenInTheQueryString() throws Exception {
        Answer a = post(URI.create(endpoint + "?access_token=" + token("alice")), null, body("tools/call",
                "{\"name\":\"files__echo\",\"arguments\":{}}"), headers("tools/call", "files__echo"));
        a.refusedWith(401, ErrorCode.UNAUTHENTICATED, "Access tokens are accepted only in the Authorization header, never in "
                + "the query string");
        refusal(401, "never in the query string");
        nothingRan();
    }

    @Test
    void missingScopesAre403NamingAllOfThem() throws Exception {
        Answer a = call(token("alice"), "files__refund", "{\"amount\": 5}");
        a.refusedWith(403, ErrorCode.FORBIDDEN, "payments:refund payments:write");
        assertThat(a.challenge()).startsWith("Bearer error=\"insufficient_scope\"")
                .contains("scope=\"mcp payments:refund payments:write\"").contains("resource_metadata=\"" + metadata() + "\"");
        refusal(403, "payments:refund payments:write");
        nothingRan();
    }

    // ---- policy

    @Test
    void defaultDeny() throws Exception {
        call(token("alice"), "mirror__read_file", "{\"path\": \"/srv/public/a.txt\"}")
                .refusedWith(403, ErrorCode.FORBIDDEN, "(default deny)");
        decision("mirror__read_file", "deny", null);
        nothingRan();
    }

    @Test
    void denyOverridesAllow() throws Exception {
        call(token("alice"), "files__wipe", "{}").refusedWith(403, ErrorCode.FORBIDDEN,
                "denied by rule no-wipe: wiping is not for callers");
        JsonObject d = decision("files__wipe", "deny", "no-wipe");
        assertThat(d.get("rules")).isEqualTo(JsonArray.ofStrings(List.of("files-tools", "no-wipe")));
        nothingRan();
    }

    @Test
    void anArgumentRuleIsNotBypassedWithDotDotSegments() throws Exception {
        String alice = token("alice");
        assertThat(call(alice, "files__read_file", "{\"path\": \"/srv/public/a/../b.txt\"}").text())
                .isEqualTo("contents of /srv/public/a/../b.txt");
        decision("files__read_file", "allow", "read-public");
        for (String path : List.of("/srv/public/../secret/key", "/srv/public/%2e%2e/secret/key", "/srv/public/..\\\\secret",
                "srv/public/../../etc/passwd")) {
            call(alice, "files__read_file", Wire.toText(JsonObject.of("path", Json.of(path))))
                    .refusedWith(403, ErrorCode.FORBIDDEN, "(default deny)");
            decision("files__read_file", "deny", null);
        }
        assertThat(ran.get("files read_file")).hasValue(1);
    }

    @Test
    void duplicateJsonKeysAreRefusedBeforeAnythingRuns() throws Exception {
        String body = body("tools/call", "{\"name\":\"files__echo\",\"arguments\":{}}")
                .replace("\"name\":\"files__echo\"", "\"name\":\"files__echo\",\"name\":\"files__wipe\"");
        post(token("alice"), body, headers("tools/call", "files__echo")).refusedWith(400, ErrorCode.PARSE_ERROR, "Duplicate Object property \"name\"");
        noRecord();
        nothingRan();
    }

    @Test
    void headerAndBodyNamesMustAgreeBeforePolicyRuns() throws Exception {
        post(token("alice"), body("tools/call", "{\"name\":\"files__wipe\",\"arguments\":{}}"),
                headers("tools/call", "files__echo")).refusedWith(400, ErrorCode.HEADER_MISMATCH, "Mcp-Name header \"files__echo\" does not match params.name \"files__wipe\"");
        noRecord();
        nothingRan();
    }

    @Test
    void namesAreComparedDecodedNotAsRawText() throws Exception {
        // files\u005f\u005fwipe is files__wipe once decoded: the deny rule sees it, whatever the raw text
        String body = body("tools/call", "{\"name\":\"files__wipe\",\"arguments\":{}}").replace("files__wipe", "files\\u005f\\u005fwipe");
        post(token("alice"), body, headers("tools/call", "files__wipe")).refusedWith(403, ErrorCode.FORBIDDEN, "denied by rule no-wipe");
        decision("files__wipe", "deny", "no-wipe");
        nothingRan();
    }

    @Test
    void aToolWithTheSameNameOnTwoUpstreamsIsTwoToolsToPolicy() throws Exception {
        String alice = token("alice");
        List<String> listed = toolNames(alice);
        assertThat(listed).contains("files__read_file").doesNotContain("mirror__read_file");
        assertThat(call(alice, "files__read_file", "{\"path\": \"/srv/public/a.txt\"}").text()).isEqualTo("contents of /srv/public/a.txt");
        decision("files__read_file", "allow", "read-public");
        call(alice, "mirror__read_file", "{\"path\": \"/srv/public/a.txt\"}").refusedWith(403, ErrorCode.FORBIDDEN, "(default deny)");
        decision("mirror__read_file", "deny", null);
        assertThat(ran.keySet()).containsExactly("files read_file");
    }

    @Test
    void aHiddenToolCalledByNameIsDenied() throws Exception {
        String alice = token("alice");
        assertThat(toolNames(alice)).doesNotContain("files__payroll");
        call(alice, "files__payroll", "{}").refusedWith(403, ErrorCode.FORBIDDEN, "(default deny)");
        decision("files__payroll", "deny", null);
        nothingRan();
    }

    @Test
    void aClientCredentialsPrincipalDoesNotPassUserRules() throws Exception {
        // a service's own token: subject = client = payroll-agent, no user, no groups
        String service = issuer.token(issuer.claims("payroll-agent", resource).claim("client_id", "payroll-agent")
                .claim("groups", List.of("finance")));
        call(service, "files__payroll", "{}").refusedWith(403, ErrorCode.FORBIDDEN, "(default deny)");
        JsonObject d = decision("files__payroll", "deny", null);
        assertThat(d.getObject("principal").getString("sub")).isEqualTo("payroll-agent");
        assertThat(d.getObject("principal").get("actors")).isEqualTo(JsonArray.ofStrings(List.of()));
        nothingRan();
    }

    @Test
    void aDelegationChainRuleNeedsTheGroupAndTheAgent() throws Exception {
        String viaPayroll = issuer.token(issuer.claims("alice", resource).claim("client_id", "payroll-agent")
                .claim("groups", List.of("finance")));
        assertThat(call(viaPayroll, "files__payroll", "{}").text()).isEqualTo("paid");
        JsonObject allowed = decision("files__payroll", "allow", "payroll-for-finance-via-payroll-agent");
        assertThat(allowed.getObject("principal").get("actors")).isEqualTo(JsonArray.ofStrings(List.of("payroll-agent")));

        String viaOther = issuer.token(issuer.claims("alice", resource).claim("client_id", "chat-agent")
                .claim("groups", List.of("finance")));
        call(viaOther, "files__payroll", "{}").refusedWith(403, ErrorCode.FORBIDDEN, "(default deny)");
        decision("files__payroll", "deny", null);
        String notFinance = issuer.token(issuer.claims("bob", resource).claim("client_id", "payroll-agent")
                .claim("groups", List.of("sales")));
        call(notFinance, "files__payroll", "{}").refusedWith(403, ErrorCode.FORBIDDEN, "(default deny)");
        decision("files__payroll", "deny", null);
        // an RFC 8693 chain: payroll-agent acting for the console acting for alice
        String chained = issuer.token(issuer.claims("alice", resource).claim("client_id", "payroll-agent")
                .claim("groups", List.of("finance")).claim("act", Map.of("sub", "console")));
        assertThat(call(chained, "files__payroll", "{}").text()).isEqualTo("paid");
        assertThat(decision("files__payroll", "allow", "payroll-for-finance-via-payroll-agent").getObject("principal")
                .get("actors")).isEqualTo(JsonArray.ofStrings(List.of("payroll-agent", "console")));
        assertThat(ran.get("files payroll")).hasValue(2);
    }

    @Test
    void aShadowDenyIsRecordedButDoesNotRefuse() throws Exception {
        assertThat(call(token("alice"), "files__echo", "{}").text()).isEqualTo("echo");
        JsonObject d = decision("files__echo", "allow", "files-tools");
        assertThat(d.getObject("shadow")).isEqualTo(Wire.parse(
                "{\"rules\":[\"echo-soon-off\"],\"decision\":\"deny\",\"differs\":true,\"rule\":\"echo-soon-off\"}"));
        assertThat(ran.get("files echo")).hasValue(1);
    }

    // ---- bundles

    @Test
    void bundlesWithASyntaxOrTypeErrorAreRefusedAndTheRunningOneKept() throws Exception {
        String running = gateway.governance().policyHash();
        Path bundle = dir.resolve("policy.yaml");
        try {
            replaceBundle(BUNDLE + "  - id: broken\n    match: {tools: [x\n");
            JsonObject syntax = awaitReload();
            assertThat(syntax.getString("outcome")).isEqualTo("refused");
            assertThat(syntax.getString("bundle")).isEqualTo(running);
            assertThat(syntax.getString("reason")).isEqualTo("invalid policy bundle:\n  " + bundle + ":32:22: not valid YAML: "
                    + "while parsing a flow sequence\n in reader, line 32, column 20:\n        match: {tools: [x\n"
                    + "                       ^\nexpected ',' or ']', but got <stream end>\n in reader, line 33, column 1:\n    \n    ^\n");

            replaceBundle(BUNDLE + "  - id: typed-wrong\n    when: principal.subject > 3\n    effect: allow\n");
            JsonObject typed = awaitReload();
            assertThat(typed.getString("outcome")).isEqualTo("refused");
            assertThat(typed.getString("reason")).startsWith("invalid policy bundle:\n  " + bundle + ":32:11: ")
                    .contains("rule \"typed-wrong\": when: ", "no matching overload");

            assertThat(call(token("alice"), "files__echo", "{}").text()).isEqualTo("echo");
            assertThat(decision("files__echo", "allow", "files-tools").getString("bundle")).isEqualTo(running);
        } finally {
            restoreBundle(running);
        }
    }

    @Test
    void aBundleSwappedUnderLoadDecidesEveryCallWithOneWholeBundle() throws Exception {
        String first = gateway.governance().policyHash();
        String alice = token("alice");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            load.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    try {
                        Answer a = call(alice, "files__echo", "{}");
                        if (a.response().statusCode() != 200 || !"echo".equals(a.text())) {
                            failures.add(a.response().body());
                        }
                        calls.incrementAndGet();
                    } catch (Exception | AssertionError e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        String second;
        try {
            replaceBundle(BUNDLE.replace("reason: echo goes away next month", "reason: echo goes away in two months"));
            JsonObject swapped = awaitReload();
            assertThat(swapped.getString("outcome")).isEqualTo("swapped");
            second = swapped.getString("bundle");
            assertThat(second).isNotEqualTo(first);
        } finally {
            stop.set(true);
            for (Thread t : load) {
                t.join();
            }
        }
        assertThat(failures).isEmpty();
        List<JsonObject> decisions = newRecords();
        assertThat(decisions).hasSize(calls.get()).allSatisfy(d -> {
            assertThat(d.getString("decision")).isEqualTo("allow");
            assertThat(d.getString("bundle")).isIn(first, second);
        });
        assertThat(decisions.getLast().getString("bundle")).isEqualTo(second);
        restoreBundle(first);
    }

    private void replaceBundle(String text) throws Exception {
        Path bundle = dir.resolve("policy.yaml");
        Files.writeString(bundle, text);
        Files.setLastModifiedTime(bundle, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(reloads++)));
    }

    private int reloads = 1;

    /** Waits for the next policy-reload record; decisions recorded meanwhile are left for the caller. */
    private JsonObject awaitReload() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(gateway.governance().auditor().flush(Duration.ofSeconds(5))).isTrue();
            List<String> lines = Files.readAllLines(log);
            for (int i = recordsSeen; i < lines.size(); i++) {
                JsonObject e = AuditRecord.parse(lines.get(i)).event();
                if ("policy-reload".equals(e.getString("type"))) {
                    pendingAfterReload = new ArrayList<>();
                    List<String> rest = new ArrayList<>(lines.subList(recordsSeen, lines.size()));
                    rest.remove(i - recordsSeen);
                    recordsSeen = lines.size();
                    for (String other : rest) {
                        JsonObject o = AuditRecord.parse(other).event();
                        if (!"checkpoint".equals(o.getString("type"))) {
                            pendingAfterReload.add(o);
                        }
                    }
                    return e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no policy-reload record within 15 s");
    }

    /** Records taken off the log while waiting for a reload, other than the reload itself. */
    private List<JsonObject> pendingAfterReload = new ArrayList<>();

    /** Puts the suite's bundle back; when another is in force, waits until it is swapped back. */
    private void restoreBundle(String hash) throws Exception {
        boolean swapBack = !hash.equals(gateway.governance().policyHash());
        replaceBundle(BUNDLE);
        if (swapBack) {
            assertThat(awaitReload().getString("bundle")).isEqualTo(hash);
        } // else the watcher finds it unchanged, which it does not record
        newRecords();
    }

    // ---- the audit log itself

    @Test
    void anEditedDeletedOrReorderedLineOrAForgedCheckpointFailsVerificationNamingTheRecord() throws Exception {
        String alice = token("alice");
        for (int i = 0; i < 4; i++) {
            call(alice, "files__echo", "{}");
        }
        call(alice, "files__wipe", "{}");
        newRecords();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.size()).isGreaterThanOrEqualTo(5);
        String pub = dir.resolve("audit.key.pub").toString();
        GovernedServeTest.Run intact = verify(lines);
        assertThat(intact.exit()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).startsWith("OK: " + lines.size() + " records");

        int last = lines.size() - 1; // the wipe's deny
        AuditRecord denied = AuditRecord.parse(lines.get(last));
        List<String> edited = new ArrayList<>(lines);
        edited.set(last, lines.get(last).replace("\"decision\":\"deny\"", "\"decision\":\"allow\""));
        assertThat(verify(edited).out()).startsWith("BROKEN at line " + (last + 1) + " (MODIFIED): record " + denied.sequence()
                + " (line " + (last + 1) + ") was modified");

        List<String> deleted = new ArrayList<>(lines);
        deleted.remove(last - 1);
        assertThat(verify(deleted).out()).startsWith("BROKEN at line " + last + " (MISSING): record " + (denied.sequence() - 1)
                + " is missing before line " + last + " (record " + denied.sequence() + "): deleted");

        List<String> reordered = new ArrayList<>(lines);
        java.util.Collections.swap(reordered, last - 1, last);
        assertThat(verify(reordered).out()).startsWith("BROKEN at line " + last + " (REORDERED): record " + denied.sequence()
                + " (line " + last + ") comes before record " + (denied.sequence() - 1) + ", which is at line " + (last + 1));

        // an attacker without the key appends a checkpoint of their own, chained properly
        dev.switchboard.policy.audit.AuditKey theirs = dev.switchboard.policy.audit.AuditKey.generate();
        AuditRecord forged = AuditRecord.next(denied, Instant.now(), dev.switchboard.policy.audit.Checkpoint.sign(theirs,
                denied.sequence(), denied.hash(), Instant.now(), "gw-1").toEvent());
        List<String> withForgery = new ArrayList<>(lines);
        withForgery.add(forged.toLine());
        assertThat(verify(withForgery).out()).startsWith("BROKEN at record " + forged.sequence() + " (FORGED): the checkpoint in "
                + "record " + forged.sequence() + " is signed by key " + theirs.id() + ", which is not among the keys given");
        assertThat(verify(withForgery).exit()).isEqualTo(ExitCodes.AUDIT_BROKEN);
    }

    private GovernedServeTest.Run verify(List<String> lines) throws Exception {
        Path copy = Files.write(Files.createTempFile(dir, "audit-copy", ".jsonl"), lines);
        return GovernedServeTest.run("audit", "verify", copy.toString(), "--public-key", dir.resolve("audit.key.pub").toString(),
                "--no-head");
    }

    // ---- approvals

    @Test
    void approvalsAreBoundToTheCallUsableOnceAndTamperProof() throws Exception {
        String alice = issuer.token(issuer.claims("alice", resource).claim("scope", "mcp payments:write payments:refund"));
        String bob = issuer.token(issuer.claims("bob", resource).claim("scope", "mcp payments:write payments:refund"));
        Answer asked = call(alice, "files__refund", "{\"amount\": 5000}", URL_ELICITATION);
        JsonObject question = asked.result();
        assertThat(question.getString("resultType")).isEqualTo("input_required");
        String key = ((JsonObject) question.get("inputRequests")).members().keySet().iterator().next();
        JsonObject elicit = ((JsonObject) question.get("inputRequests")).getObject(key);
        assertThat(elicit.getString("method")).isEqualTo("elicitation/create");
        String url = elicit.getObject("params").getString("url");
        String state = question.getString("requestState");
        assertThat(url).startsWith(endpoint.resolve("/approvals") + "?id=");
        assertThat(newRecords()).extracting(AdversarialSuiteTest::summary)
                .containsExactly("decision files__refund require_approval big-refunds", "approval requested files__refund");
        ApprovalServeTest.approve(url);
        assertThat(newRecords()).extracting(AdversarialSuiteTest::summary).containsExactly("approval approved files__refund");

        String answer = "\"inputResponses\":{\"" + key + "\":{\"action\":\"accept\"}}";
        // tampered state: refused before any approval is looked at
        String tampered = state.substring(0, state.length() - 2) + (state.endsWith("A") ? "BB" : "AA");
        retry(alice, "{\"amount\": 5000}", answer, tampered).refusedWith(200, ErrorCode.INVALID_PARAMS,
                "Invalid requestState: approval state was altered or signed by another deployment");
        assertThat(newRecords()).extracting(AdversarialSuiteTest::summary).containsExactly(
                "decision files__refund require_approval big-refunds", "approval refused files__refund invalid_state");
        // another principal presenting alice's approval
        retry(bob, "{\"amount\": 5000}", answer, state).refusedWith(200, ErrorCode.INVALID_PARAMS,
                "Invalid requestState: it was issued to another principal");
        assertThat(newRecords()).extracting(AdversarialSuiteTest::summary).containsExactly(
                "decision files__refund require_approval big-refunds", "approval refused files__refund invalid_state");
        // alice with other arguments
        retry(alice, "{\"amount\": 9000}", answer, state).refusedWith(403, ErrorCode.FORBIDDEN,
                "refunds over 1000 need a second person; not run: the arguments differ from those approved");
        assertThat(newRecords()).extracting(AdversarialSuiteTest::summary).containsExactly(
                "decision files__refund require_approval big-refunds", "approval refused files__refund arguments_changed");
        nothingRan();
        // the approved call, once
        assertThat(retry(alice, "{\"amount\": 5000}", answer, state).text()).isEqualTo("refunded 5000");
        assertThat(newRecords()).extracting(AdversarialSuiteTest::summary).containsExactly(
                "decision files__refund require_approval big-refunds", "approval used files__refund used");
        // replayed
        retry(alice, "{\"amount\": 5000}", answer, state).refusedWith(403, ErrorCode.FORBIDDEN,
                "not run: the approval was already used");
        assertThat(newRecords()).extracting(AdversarialSuiteTest::summary).containsExactly(
                "decision files__refund require_approval big-refunds", "approval refused files__refund already_used");
        assertThat(ran.get("files refund")).hasValue(1);
    }

    // ---- tasks

    @Test
    void anotherPrincipalsTaskIdIsUnknownToThem() throws Exception {
        String alice = token("alice");
        JsonObject created = call(alice, "files__report", "{}", TASKS).result();
        assertThat(created.getString("resultType")).isEqualTo("task");
        String taskId = created.getString("taskId");
        decision("files__report", "allow", "files-tools");
        Answer theirs = post(token("bob"), body("tasks/get", "{\"taskId\":\"" + taskId + "\"}", TASKS), headers("tasks/get", taskId));
        theirs.refusedWith(200, ErrorCode.INVALID_PARAMS, "it does not exist, has expired, or was created by someone else");
        noRecord();
        assertThat(post(alice, body("tasks/get", "{\"taskId\":\"" + taskId + "\"}", TASKS), headers("tasks/get", taskId)).result()
                .toString()).contains(taskId);
    }

    // ---- the edge

    @Test
    void aForeignOriginIsRefused() throws Exception {
        Map<String, String> h = headers("tools/call", "files__echo");
        h.put("Origin", "https://evil.example");
        post(token("alice"), body("tools/call", "{\"name\":\"files__echo\",\"arguments\":{}}"), h)
                .refusedWith(403, ErrorCode.INVALID_REQUEST, "Origin \"https://evil.example\" is not allowed");
        noRecord();
        nothingRan();
    }

    @Test
    void anOversizedBodyIsRefused() throws Exception {
        String big = "{\"name\":\"files__echo\",\"arguments\":{\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}}";
        post(token("alice"), body("tools/call", big), headers("tools/call", "files__echo"))
                .refusedWith(413, ErrorCode.INVALID_REQUEST, "Request body exceeds the limit of 4194304 bytes");
        noRecord();
        nothingRan();
    }

    @Test
    void deeplyNestedJsonIsRefused() throws Exception {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        String body = body("tools/call", "{\"name\":\"files__echo\",\"arguments\":{\"x\":0}}").replace("{\"x\":0}", "{\"x\":" + deep + "}");
        post(token("alice"), body, headers("tools/call", "files__echo")).refusedWith(400, ErrorCode.PARSE_ERROR, "Document nesting depth (201) exceeds the maximum allowed (200");
        noRecord();
        nothingRan();
    }

    @Test
    void hugeNumbersAreRefused() throws Exception {
        String number = body("tools/call", "{\"name\":\"files__echo\",\"arguments\":{\"x\":0}}").replace("\"x\":0", "\"x\":1" + "0".repeat(2000));
        post(token("alice"), number, headers("tools/call", "files__echo")).refusedWith(400, ErrorCode.PARSE_ERROR, "Number value length (")
                .refusedWith(400, ErrorCode.PARSE_ERROR, "exceeds the maximum allowed (1000"); // the length seen depends on buffering
        noRecord();
        nothingRan();
    }

    @Test
    void anUpstreamSchemaWithARemoteRefIsNeverFetched() throws Exception {
        String alice = token("alice");
        List<String> names = toolNames(alice);
        assertThat(names).contains("files__echo");
        assertThat(names).doesNotContain("files__lookup");
        call(alice, "files__lookup", "{\"record\": 1}").refusedWith(403, ErrorCode.FORBIDDEN, "(default deny)");
        decision("files__lookup", "deny", null, "dev.switchboard/gateway"); // no upstream serves it
        assertThat(issuer.hits("/schema.json")).isZero();
    }

    private Answer retry(String token, String arguments, String answer, String state) throws Exception {
        String params = "{\"name\":\"files__refund\",\"arguments\":" + arguments + "," + answer + ",\"requestState\":"
                + Wire.toText(Json.of(state)) + "}";
        return post(token, body("tools/call", params, URL_ELICITATION), headers("tools/call", "files__refund"));
    }

    private static String summary(JsonObject e) {
        return switch (e.getString("type")) {
            case "decision" -> "decision " + e.getString("target") + " " + e.getString("decision") + " " + e.getString("rule");
            case "approval" -> "approval " + e.getString("event") + " " + e.getString("target")
                    + (e.getString("outcome") == null ? "" : " " + e.getString("outcome"));
            default -> e.toString();
        };
    }

    // ---- helpers

    private void invalidToken(String token, String reason) throws Exception {
        Answer a = call(token, "files__echo", "{}");
        a.refusedWith(401, ErrorCode.UNAUTHENTICATED, reason);
        assertThat(a.challenge()).startsWith("Bearer error=\"invalid_token\", error_description=\"")
                .contains("resource_metadata=\"" + metadata() + "\"").endsWith("scope=\"mcp\"");
        JsonObject r = refusal(401, reason);
        assertThat(r.toString()).as("no record holds a token").doesNotContain(token).doesNotContain(token.split("\\.")[1]);
        nothingRan();
    }

    private List<String> toolNames(String token) throws Exception {
        Answer a = post(token, body("tools/list", "{}"), headers("tools/list", null));
        List<String> names = new ArrayList<>();
        for (Json t : ((JsonArray) a.result().get("tools")).values()) {
            names.add(((JsonObject) t).getString("name"));
        }
        assertThat(a.result().toString()).contains("\"cacheScope\":\"private\"");
        return names;
    }

    /** The one record the case left: a decision on {@code tool}; {@code rule} null when none matched. */
    private JsonObject decision(String tool, String decision, String rule) throws Exception {
        return decision(tool, decision, rule, tool.startsWith("mirror__") ? "mirror" : "files");
    }

    /** As above, attributed to {@code server}: the upstream serving the tool, or the gateway when none does. */
    private JsonObject decision(String tool, String decision, String rule, String server) throws Exception {
        List<JsonObject> records = newRecords();
        assertThat(records).hasSize(1);
        JsonObject r = records.getFirst();
        assertThat(r.getString("type")).isEqualTo("decision");
        assertThat(r.getString("target")).isEqualTo(tool);
        assertThat(r.getString("decision")).as(r.toString()).isEqualTo(decision);
        assertThat(r.getString("rule")).as(r.toString()).isEqualTo(rule);
        assertThat(r.getString("server")).as("the upstream serving it").isEqualTo(server);
        assertThat(r.getString("args")).startsWith("hmac-sha256:");
        return r;
    }

    private void noRecord() throws Exception {
        assertThat(newRecords()).as("refused at the edge, before anyone is authenticated or anything decided").isEmpty();
    }


    private String metadata() {
        return URI.create(resource).resolve("/.well-known/oauth-protected-resource/mcp").toString();
    }

    private String token(String subject) throws Exception {
        return issuer.token(issuer.claims(subject, resource));
    }

    private void nothingRan() {
        assertThat(ran).as("nothing refused reaches an upstream").isEmpty();
    }

    /** The one record the case left: a refusal with {@code status}, its reason containing {@code reason}. */
    private JsonObject refusal(int status, String reason) throws Exception {
        List<JsonObject> records = newRecords();
        assertThat(records).hasSize(1);
        JsonObject r = records.getFirst();
        assertThat(r.getString("type")).isEqualTo("refusal");
        assertThat(((JsonNumber) r.get("status")).longValue()).isEqualTo(status);
        assertThat(r.getString("reason")).contains(reason);
        return r;
    }

    /** Records appended since the last call, checkpoints left out. */
    private List<JsonObject> newRecords() throws Exception {
        assertThat(gateway.governance().auditor().flush(Duration.ofSeconds(5))).isTrue();
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        List<JsonObject> out = new ArrayList<>(pendingAfterReload);
        pendingAfterReload.clear();
        for (String line : lines.subList(Math.min(recordsSeen, lines.size()), lines.size())) {
            JsonObject e = AuditRecord.parse(line).event();
            if (!"checkpoint".equals(e.getString("type"))) {
                out.add(e);
            }
        }
        recordsSeen = lines.size();
        return out;
    }

    private Answer call(String token, String tool, String arguments) throws Exception {
        return call(token, tool, arguments, "{}");
    }

    private Answer call(String token, String tool, String arguments, String capabilities) throws Exception {
        return post(token, body("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}", capabilities),
                headers("tools/call", tool));
    }

    static String body(String method, String params) {
        return body(method, params, "{}");
    }

    /** A 2026-07-28 request declaring {@code capabilities}. */
    static String body(String method, String params, String capabilities) {
        JsonObject p = (JsonObject) Wire.parse(params);
        JsonObject meta = JsonObject.of("io.modelcontextprotocol/protocolVersion", Json.of(V),
                "io.modelcontextprotocol/clientCapabilities", Wire.parse(capabilities));
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":"
                + Wire.toText(p.with("_meta", meta)) + "}";
    }

    static Map<String, String> headers(String method, String name) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json, text/event-stream");
        h.put("MCP-Protocol-Version", V);
        h.put("Mcp-Method", method);
        if (name != null) {
            h.put("Mcp-Name", name);
        }
        return h;
    }

    private Answer post(String token, String body, Map<String, String> headers) throws Exception {
        return post(endpoint, token, body, headers);
    }

    private static Answer post(URI uri, String token, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** One HTTP answer, read as JSON-RPC. */
    record Answer(HttpResponse<String> response) {
        JsonObject json() {
            return (JsonObject) Wire.parse(response.body());
        }

        String challenge() {
            return response.headers().firstValue("WWW-Authenticate").orElse(null);
        }

        JsonObject error() {
            return json().getObject("error");
        }

        JsonObject result() {
            JsonObject result = json().getObject("result");
            assertThat(result).as(response.body()).isNotNull();
            return result;
        }

        /** Asserts the status, the JSON-RPC error code and that the message contains {@code message}. */
        Answer refusedWith(int status, int code, String message) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            assertThat(((JsonNumber) error().get("code")).longValue()).as(response.body()).isEqualTo(code);
            assertThat(error().getString("message")).contains(message);
            return this;
        }

        String text() {
            JsonArray content = (JsonArray) result().get("content");
            return ((JsonObject) content.values().getFirst()).getString("text");
        }
    }
}
