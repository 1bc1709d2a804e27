package dev.switchboard.policy;

import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ToolHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Rules see the address a request came from over HTTP ({@code request.clientAddress}). */
class ClientAddressHttpTest {
    @TempDir
    Path dir;

    private McpHttpServer serve(String allowedAddress) throws Exception {
        String bundle = """
                rules:
                  - id: from-here
                    match: {tools: [ping]}
                    when: request.clientAddress == "%s"
                    effect: allow
                """.formatted(allowedAddress);
        PolicyEngine engine = new PolicyEngine(PolicyBundle.load(Files.writeString(dir.resolve(allowedAddress + ".yaml"), bundle)));
        McpServer server = McpServer.builder("net", "1")
                .interceptor(PolicyInterceptor.builder(engine, "net").build())
                .tool(Tool.of("ping", "ping", JsonObject.of("type", Json.of("object"))),
                        ToolHandler.of(call -> CallToolResult.of(TextContent.of("pong from " + call.context().clientAddress()))))
                .build();
        return McpHttpServer.builder(server).port(0).start();
    }

    @Test
    void aRuleOnTheClientAddressSeesWhereTheRequestCameFrom() throws Exception {
        try (McpHttpServer here = serve("127.0.0.1"); McpClient client = McpClient.builder(here.endpoint()).build()) {
            assertThat(((TextContent) client.callTool("ping", JsonObject.EMPTY).content().getFirst()).text())
                    .isEqualTo("pong from 127.0.0.1");
        }
        try (McpHttpServer elsewhere = serve("10.1.2.3"); McpClient client = McpClient.builder(elsewhere.endpoint()).build()) {
            ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                    () -> client.callTool("ping", JsonObject.EMPTY));
            assertThat(e.error().code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }
}
