package dev.switchboard.gateway;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.logging.LoggingMessageNotification;
import dev.switchboard.protocol.tools.CallToolRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream's log messages during a forwarded call reach the caller's stream at the level the
 * caller asked for, whatever the era on either side (the level goes up as the request's
 * {@code logLevel}, or as {@code logging/setLevel} on a session-era upstream).
 */
@Timeout(60)
class GatewayLoggingTest {
    static Upstreams.Running upstream;
    static Gateway gateway;
    static McpHttpServer front;

    @BeforeAll
    static void start() throws Exception {
        upstream = Upstreams.start(Worker.server());
        gateway = Gateway.builder("test/gateway", "1.0")
                .upstream(UpstreamConfig.http("modern", upstream.endpoint()).withEra(Era.MODERN))
                .upstream(UpstreamConfig.http("legacy", upstream.endpoint()).withEra(Era.LEGACY))
                .start();
        front = McpHttpServer.builder(gateway.server()).port(0).start();
    }

    @AfterAll
    static void stop() {
        front.close();
        gateway.close();
        upstream.close();
    }

    @ParameterizedTest
    @CsvSource({"MODERN,modern", "MODERN,legacy", "LEGACY,modern", "LEGACY,legacy"})
    void relaysLogsAtTheCallersLevel(Era clientEra, String upstreamName) {
        List<LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
        try (McpClient client = McpClient.builder(front.endpoint()).era(clientEra).build()) {
            client.callTool(CallToolRequest.of(upstreamName + "__chatty", JsonObject.EMPTY),
                    CallOptions.builder().onLog(LoggingLevel.INFO, logs::add).build());
            assertThat(logs).extracting(l -> l.data().toString())
                    .containsExactly("\"info line\"", "\"warning line\"");
            logs.clear();
            client.callTool(CallToolRequest.of(upstreamName + "__chatty", JsonObject.EMPTY), CallOptions.DEFAULT);
            assertThat(logs).as("no level asked, no logs").isEmpty();
        }
    }
}
