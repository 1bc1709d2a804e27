package dev.switchboard.client;

import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.roots.ListRootsResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings are checked when given, and capabilities follow the registered handlers. */
class BuilderAndOptionsTest {
    static final URI ENDPOINT = URI.create("http://127.0.0.1:1/mcp");

    @ParameterizedTest
    @ValueSource(strings = {"ftp://host/mcp", "file:///mcp", "mcp"})
    void refusesEndpointsThatAreNotHttp(String uri) {
        assertThatThrownBy(() -> McpClient.builder(URI.create(uri))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http or https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Accept", "content-type", "MCP-Protocol-Version", "Mcp-Method", "mcp-name",
            "Mcp-Session-Id", "Mcp-Param-Region"})
    void refusesProtocolHeaders(String name) {
        assertThatThrownBy(() -> McpClient.builder(ENDPOINT).header(name, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set by the client itself");
    }

    @Test
    void refusesHeaderInjection() {
        assertThatThrownBy(() -> McpClient.builder(ENDPOINT).header("X-A", "a\r\nX-B: b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNonsenseLimits() {
        var b = McpClient.builder(ENDPOINT);
        assertThatThrownBy(() -> b.maxInputRounds(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxResponseBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.connectTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.elicitation(r -> ElicitResult.decline(), false, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void capabilitiesFollowTheHandlers() {
        try (FakeServer server = FakeServer.start(FakeServer.modern((r, ex) -> FakeServer.result(ex, r,
                "{\"tools\":[],\"ttlMs\":0,\"cacheScope\":\"public\"}")));
             McpClient client = McpClient.builder(server.endpoint())
                     .sampling(r -> null, true)
                     .roots(r -> ListRootsResult.of())
                     .elicitation(r -> ElicitResult.decline(), false, true)
                     .build()) {
            client.listAllTools();
            JsonObject caps = server.received("tools/list").getFirst().params().getObject("_meta")
                    .getObject("io.modelcontextprotocol/clientCapabilities");
            assertThat(caps.toString()).isEqualTo(
                    "{\"roots\":{},\"sampling\":{\"tools\":{}},\"elicitation\":{\"url\":{}}}");
        }
    }

    @Test
    void callOptionsCheckTheirSettings() {
        assertThatThrownBy(() -> CallOptions.builder().timeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallOptions(null, null, LoggingLevel.INFO, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log level");
        CallOptions o = CallOptions.builder().timeout(Duration.ofSeconds(3)).onLog(LoggingLevel.DEBUG, m -> { }).build();
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.logLevel()).isEqualTo(LoggingLevel.DEBUG);
        assertThat(CallOptions.DEFAULT.progress()).isNull();
    }

    @Test
    void aTokenRunsEachActionOnceAndLateActionsAtOnce() {
        CancellationToken token = new CancellationToken();
        AtomicInteger runs = new AtomicInteger();
        Runnable unregister = token.onCancel(runs::incrementAndGet);
        token.onCancel(runs::incrementAndGet).run(); // unregistered before cancel
        token.cancel();
        token.cancel();
        assertThat(runs).hasValue(1);
        token.onCancel(runs::incrementAndGet);
        assertThat(runs).hasValue(2);
        assertThat(token.isCancelled()).isTrue();
        unregister.run();
    }

    @Test
    void exceptionsCarryTheirKindAndStatus() {
        var e = new McpClientException(McpClientException.Kind.TRANSPORT, "down");
        assertThat(e.kind()).isEqualTo(McpClientException.Kind.TRANSPORT);
        assertThat(e.httpStatus()).isZero();
        var u = new UnauthorizedException(ENDPOINT, "Bearer", null);
        assertThat(u.getMessage()).contains("challenge: Bearer");
    }
}
