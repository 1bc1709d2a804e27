package dev.switchboard.cli;

import dev.switchboard.http.AuthenticationException;
import dev.switchboard.http.Authenticator;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.policy.PolicyBundle;
import dev.switchboard.policy.PolicyEngine;
import dev.switchboard.policy.PolicyInterceptor;
import dev.switchboard.policy.audit.AuditKey;
import dev.switchboard.policy.audit.Auditor;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.Interceptor;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestMeta;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.embedded.FileAuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Refusals by the token check and by the scope check each leave one record; a policy denial is a decision, not a refusal. */
class AuditedAuthenticationTest {
    @TempDir
    Path dir;
    private FileAuditLog log;
    private Auditor auditor;
    private McpServer server;

    @BeforeEach
    void setUp() throws Exception {
        log = FileAuditLog.open(dir.resolve("audit.jsonl"));
        auditor = Auditor.builder(log, AuditKey.generate(), "node-1").build();
        Interceptor scopes = chain -> {
            if (!chain.context().principal().scopes().contains("mcp")) {
                throw new McpException(ErrorCode.FORBIDDEN, "this call needs scope mcp");
            }
            return chain.proceed();
        };
        PolicyEngine engine = new PolicyEngine(PolicyBundle.load(Files.writeString(dir.resolve("p.yaml"), """
                rules:
                  - id: only-echo
                    match: {tools: [echo]}
                    effect: allow
                """)));
        server = McpServer.builder("demo", "1")
                .interceptor(AuditedAuthentication.interceptor(scopes, auditor, "demo"))
                .interceptor(new PolicyInterceptor(engine, "demo", auditor))
                .tool(Tool.of("echo", "Echoes", GatewayPinsCommandTest.TEXT), GatewayPinsCommandTest.ECHO)
                .tool(Tool.of("wipe", "Wipes", GatewayPinsCommandTest.TEXT), GatewayPinsCommandTest.ECHO).build();
    }

    @AfterEach
    void tearDown() {
        auditor.close();
        log.close();
        server.close();
    }

    private List<JsonObject> events() throws Exception {
        assertThat(auditor.flush(Duration.ofSeconds(5))).isTrue();
        return log.read(1, 100).stream().map(AuditRecord::event).toList();
    }

    @Test
    void theAuditedAuthenticatorKeepsTheBearerTokenExactlyWhenItsDelegateDoes() {
        Authenticator plain = request -> Principal.ANONYMOUS;
        Authenticator keeping = new Authenticator() {
            @Override
            public Principal authenticate(Inbound request) {
                return Principal.ANONYMOUS;
            }

            @Override
            public boolean keepsBearerToken() {
                return true;
            }
        };
        assertThat(AuditedAuthentication.authenticator(plain, auditor, "demo").keepsBearerToken()).isFalse();
        assertThat(AuditedAuthentication.authenticator(keeping, auditor, "demo").keepsBearerToken())
                .as("the gateway's token exchange needs the OAuth resource server's token, audited or not").isTrue();
    }

    @Test
    void aRefusedTokenIsRecordedWithWhatTheHeadersSaid() throws Exception {
        try (McpHttpServer http = McpHttpServer.builder(server).port(0).authenticator(AuditedAuthentication.authenticator(
                request -> {
                    throw AuthenticationException.unauthorized("the access token expired", "Bearer error=\"invalid_token\"");
                }, auditor, "demo")).start()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.endpoint())
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .header("Authorization", "Bearer expired").header("Mcp-Method", "tools/call").header("Mcp-Name", "echo")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                            + "\"params\":{\"name\":\"echo\",\"arguments\":{}}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
        }
        JsonObject e = events().getFirst();
        assertThat(events()).hasSize(1);
        assertThat(e.getString("type")).isEqualTo("refusal");
        assertThat(e.get("status")).hasToString("401");
        assertThat(e.getString("reason")).isEqualTo("the access token expired");
        assertThat(e.getString("method")).isEqualTo("tools/call");
        assertThat(e.getString("target")).isEqualTo("echo");
        assertThat(e.getString("remoteAddress")).isEqualTo("127.0.0.1");
        assertThat(e.has("principal")).isFalse();
    }

    @Test
    void aMissingScopeIsARefusalWithThePrincipalAndAPolicyDenialIsOnlyADecision() throws Exception {
        Principal noScope = Principal.user("https://idp.example", "carol", Set.of());
        Principal withScope = Principal.user("https://idp.example", "carol", Set.of("mcp"));

        assertThat(call(noScope, "echo").code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(call(withScope, "wipe").code()).isEqualTo(ErrorCode.FORBIDDEN);

        List<JsonObject> events = events();
        assertThat(events).extracting(e -> e.getString("type")).containsExactly("refusal", "decision");
        assertThat(events.get(0).get("status")).hasToString("403");
        assertThat(events.get(0).getString("reason")).isEqualTo("this call needs scope mcp");
        assertThat(Principal.fromJson(events.get(0).getObject("principal"))).isEqualTo(noScope);
        assertThat(events.get(0).getString("requestId")).isEqualTo("7");
        assertThat(events.get(1).getString("decision")).isEqualTo("deny");
    }

    private McpException call(Principal p, String tool) {
        JsonObject meta = JsonObject.builder().put(MetaKeys.PROTOCOL_VERSION, "2026-07-28")
                .put(MetaKeys.CLIENT_CAPABILITIES, JsonObject.EMPTY).build();
        Request r = new Request(RequestId.of(7), "tools/call", (JsonObject) Wire.parse("{\"name\":\"" + tool + "\",\"arguments\":{}}"));
        Request withMeta = new Request(r.id(), r.method(), r.params().with("_meta", meta));
        return catchThrowableOfType(McpException.class,
                () -> server.handle(withMeta, RequestMeta.read(withMeta), p, EventSink.NONE, new CancellationSignal()));
    }
}
