package dev.switchboard.gateway;

import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import dev.switchboard.testkit.interop.NodeScripts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of a real third-party server, {@code @modelcontextprotocol/server-everything}
 * over stdio (session era, found by probing), started by the gateway; killed by PID to see it restarted.
 */
@Timeout(90)
class ServerEverythingTest {
    private static final NodeScripts NODE = NodeScripts.prepare();

    @Test
    void federatesServerEverythingOverStdioAndRestartsItWhenItDies() throws Exception {
        UpstreamConfig everything = UpstreamConfig.stdio("everything", List.of(NODE.node().toString(), NODE.serverEverything().toString(), "stdio"))
                .withPrefix("ev").withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(15));
        try (Gateway gateway = Gateway.builder("test/gateway", "1.0").upstream(everything)
                .reconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)).startupWait(Duration.ofSeconds(30)).start();
             McpHttpServer front = McpHttpServer.builder(gateway.server()).port(0).start();
             McpClient client = McpClient.builder(front.endpoint()).era(Era.MODERN).build()) {
            UpstreamStatus status = gateway.upstreams().getFirst();
            assertThat(status.health()).as("%s", status).isEqualTo(UpstreamStatus.Health.HEALTHY);
            assertThat(status.era()).isEqualTo("2025-11-25"); // it speaks the session era; clients here speak 2026-07-28

            assertThat(client.listAllTools()).extracting(Tool::name).contains("ev__echo")
                    .allSatisfy(n -> assertThat(n).startsWith("ev__"));
            assertThat(echo(client, "through the gateway")).contains("through the gateway");
            List<Resource> resources = client.listAllResources();
            assertThat(resources).isNotEmpty();
            assertThat(client.readResource(resources.getFirst().uri()).contents()).isNotEmpty();

            ProcessHandle server = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("server-everything"))
                    .findFirst().orElseThrow(() -> new AssertionError("server-everything is not a child of this JVM"));
            server.destroyForcibly();
            GatewayFaultsTest.await("the gateway notices", () ->
                    gateway.upstreams().getFirst().health() != UpstreamStatus.Health.HEALTHY
                            || gateway.upstreams().getFirst().restarts() > 0);
            GatewayFaultsTest.await("server-everything is restarted", () ->
                    gateway.upstreams().getFirst().health() == UpstreamStatus.Health.HEALTHY
                            && gateway.upstreams().getFirst().restarts() == 1);
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().orElse("").contains("server-everything"))
                    .map(ProcessHandle::pid)).doesNotContain(server.pid()).hasSize(1);
            assertThat(echo(client, "after the restart")).contains("after the restart");
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("server-everything"))).isEmpty();
    }

    private static String echo(McpClient client, String message) {
        CallToolResult r = client.callTool("ev__echo", JsonObject.of("message", Json.of(message)));
        return ((TextContent) r.content().getFirst()).text();
    }
}
