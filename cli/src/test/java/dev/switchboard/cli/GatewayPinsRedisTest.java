package dev.switchboard.cli;

import dev.switchboard.client.Era;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.UpstreamConfig;
import dev.switchboard.gateway.pinning.Pins;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.state.redis.RedisState;
import dev.switchboard.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The production path: {@code switchboard gateway pins ... --state redis://} in its own
 * connection, a gateway on another, and the accept reaching the gateway over Redis pub/sub.
 */
@Timeout(60)
class GatewayPinsRedisTest {
    @TempDir
    Path dir;

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SwitchboardCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        assertThat(exit).as("exit of %s; stderr: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    @Test
    void anAcceptFromTheCommandReachesARunningGatewayThroughRedis() throws Exception {
        Path binary = RedisServer.findBinary().orElse(null);
        assumeTrue(binary != null, "no redis-server on this machine");
        McpServer upstream = McpServer.builder("test/upstream", "1.0")
                .tool(Tool.of("echo", "Echoes text", GatewayPinsCommandTest.TEXT), GatewayPinsCommandTest.ECHO).build();
        try (RedisServer redis = RedisServer.start(binary, dir);
             RedisState state = RedisState.connect(redis.uri());
             McpHttpServer upstreamHttp = McpHttpServer.builder(upstream).port(0).start();
             Gateway gateway = Gateway.builder("test/gateway", "1.0")
                     .upstream(UpstreamConfig.http("files", upstreamHttp.endpoint()).withEra(Era.MODERN))
                     .refreshInterval(Duration.ofMinutes(10))
                     .pins(new Pins(state.store(), state.bus()))
                     .start()) {
            String uri = redis.uri().toString();
            assertThat(run("gateway", "pins", "list", "--state", uri)).containsPattern("files echo +pinned ");

            upstream.addTool(Tool.of("grep", "Searches files", GatewayPinsCommandTest.TEXT), GatewayPinsCommandTest.ECHO);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!run("gateway", "pins", "list", "--state", uri).contains("files grep")) {
                assertThat(System.nanoTime()).as("grep became pending").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(gateway.health().toString()).contains("\"pending\":[\"grep\"]");

            assertThat(run("gateway", "pins", "accept", "files", "grep", "--state", uri)).startsWith("Pinned files grep at sha256:");
            while (!gateway.health().toString().contains("\"pending\":[]")) {
                assertThat(System.nanoTime()).as("the gateway applied the accept").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(run("gateway", "pins", "list", "--state", uri)).containsPattern("files grep +pinned ")
                    .contains("Nothing pending.");
        } finally {
            upstream.close();
        }
    }
}
