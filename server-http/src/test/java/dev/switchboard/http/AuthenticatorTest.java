package dev.switchboard.http;

import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.Principal;
import dev.switchboard.server.ToolHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity seam: the authenticator runs before anything is parsed, its refusals become
 * 401/403 with a challenge in both eras, and the principal it returns is the one handlers see and
 * sessions are bound to.
 */
class AuthenticatorTest {
    private static final Principal ALICE = new Principal("https://issuer.test", "alice", List.of("billing"), Set.of("pay"));
    private McpHttpServer http;

    /** Accepts "Bearer alice", refuses "Bearer readonly" with 403, anything else with 401. */
    private static final Authenticator TOKENS = request -> {
        String token = request.bearerToken();
        if (token == null) {
            throw AuthenticationException.unauthorized("This endpoint needs a bearer token", "Bearer realm=\"test\"");
        }
        return switch (token) {
            case "alice" -> ALICE;
            case "bob" -> Principal.user("https://issuer.test", "bob", Set.of());
            case "readonly" -> throw AuthenticationException.forbidden("token may not call tools",
                    "Bearer error=\"insufficient_scope\", scope=\"pay\"");
            default -> throw AuthenticationException.unauthorized("token is not valid",
                    "Bearer error=\"invalid_token\"");
        };
    };

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    private Http start() throws Exception {
        return start(TOKENS);
    }

    private Http start(Authenticator authenticator) throws Exception {
        var server = new TestServers().builder()
                .tool(Tool.of("whoami", "Names the caller", TestServers.schema("{\"type\":\"object\"}")),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of(
                                call.context().principal().describe() + " via " + call.context().principal().issuer()))))
                .tool(Tool.of("credential", "Shows the kept credential", TestServers.schema("{\"type\":\"object\"}")),
                        ToolHandler.of(call -> {
                            InboundCredential c = InboundCredential.current();
                            return CallToolResult.of(TextContent.of(c == null ? "none"
                                    : c.principal().subject() + " holds " + c.bearerToken() + " shown as " + c));
                        }))
                .build();
        http = McpHttpServer.builder(server).port(0).authenticator(authenticator).start();
        return new Http(http.endpoint());
    }

    @Test
    void theBearerTokenIsKeptForTheRequestOnlyWhenTheAuthenticatorVouchesForIt() throws Exception {
        String call = "\"name\":\"credential\",\"arguments\":{}";
        Http.Reply plain = start().post(with(Http.headers("tools/call", "credential"), "alice"), Http.body(1, "tools/call", call));
        assertThat(plain.body()).contains("none");
        http.close();

        Authenticator keeping = new Authenticator() {
            @Override
            public Principal authenticate(Inbound request) throws AuthenticationException {
                return TOKENS.authenticate(request);
            }

            @Override
            public boolean keepsBearerToken() {
                return true;
            }
        };
        Http client = start(keeping);
        Http.Reply kept = client.post(with(Http.headers("tools/call", "credential"), "alice"), Http.body(2, "tools/call", call));
        assertThat(kept.body()).contains("alice holds alice shown as InboundCredential[billing for alice, token ***]");
        assertThat(InboundCredential.current()).as("nothing stays bound on this thread").isNull();
    }

    private static Map<String, String> with(Map<String, String> headers, String token) {
        headers.put("Authorization", "Bearer " + token);
        return headers;
    }

    @Test
    void missingAndInvalidTokensGet401WithTheChallenge() throws Exception {
        Http client = start();
        Http.Reply none = client.call("tools/list", null, "");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers().get("www-authenticate")).isEqualTo("Bearer realm=\"test\"");
        assertThat(none.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(none.object().getObject("error").getString("message")).contains("needs a bearer token");

        Http.Reply forged = client.post(with(Http.headers("tools/list", null), "forged"), Http.body(1, "tools/list", ""));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.headers().get("www-authenticate")).contains("invalid_token");
    }

    @Test
    void aRefusedCredentialGets403() throws Exception {
        Http.Reply r = start().post(with(Http.headers("tools/list", null), "readonly"), Http.body(1, "tools/list", ""));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(r.headers().get("www-authenticate")).contains("insufficient_scope");
    }

    @Test
    void handlersSeeThePrincipalTheAuthenticatorReturned() throws Exception {
        Http.Reply r = start().post(with(Http.headers("tools/call", "whoami"), "alice"),
                Http.body(1, "tools/call", "\"name\":\"whoami\",\"arguments\":{}"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("billing for alice via https://issuer.test");
    }

    @Test
    void sessionsAreBoundToThePrincipalThatOpenedThem() throws Exception {
        Http client = start();
        String sid = client.post(with(SessionEraTest.legacyHeaders(null), "alice"), SessionEraTest.init("2025-11-25", "{}"))
                .headers().get("mcp-session-id");
        assertThat(sid).isNotNull();
        Http.Reply own = client.post(with(SessionEraTest.legacyHeaders(sid), "alice"),
                SessionEraTest.rpc(2, "tools/call", "{\"name\":\"whoami\",\"arguments\":{}}"));
        assertThat(own.body()).contains("billing for alice");

        Http.Reply other = client.post(with(SessionEraTest.legacyHeaders(sid), "bob"),
                SessionEraTest.rpc(3, "tools/list", "{}"));
        assertThat(other.status()).as("bob cannot use alice's session").isEqualTo(404);

        Http.Reply anonymous = client.post(SessionEraTest.legacyHeaders(sid), SessionEraTest.rpc(4, "tools/list", "{}"));
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void healthIsNotAuthenticated() throws Exception {
        start();
        Http.Reply r = new Http(http.endpoint().resolve("/healthz")).send("GET", Map.of(), new byte[0]);
        assertThat(r.status()).isEqualTo(200);
    }
}
