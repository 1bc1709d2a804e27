package dev.switchboard.server.limit;

import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Rpc;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.kv.Acquisition;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.SlidingWindow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rate limits: budgets per key, window reset, the error clients see, and fail-open on a state outage. */
class RateLimitTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L); // aligned to 10 s windows
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    private McpServer server(Counters counters, long permits, RateLimit.Per per) {
        return McpServer.builder("t", "1")
                .tool(Rpc.textTool("a"), ToolHandler.of(call -> CallToolResult.of(TextContent.of("a"))))
                .tool(Rpc.textTool("b"), ToolHandler.of(call -> CallToolResult.of(TextContent.of("b"))))
                .interceptor(new RateLimit(counters, permits, Duration.ofSeconds(10), per, clock))
                .build();
    }

    private static dev.switchboard.protocol.jsonrpc.Request call(int id, String tool) {
        return request(id, "tools/call", "{\"name\":\"" + tool + "\"}");
    }

    @Test
    void refusesBeyondTheBudgetWithTheTimeUntilTheSlidingWindowHasRoom() throws Exception {
        McpServer server = server(new InMemoryStore(), 3, RateLimit.Per.PRINCIPAL);
        for (int i = 0; i < 3; i++) {
            handle(server, call(i, "a"));
        }
        now.addAndGet(4_000);
        McpException refused = error(server, call(9, "b"));
        assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        // 6 s to the next window, where the 3 weigh 3 × (10 − e)/10 and leave room for one from e = 3.334 s
        assertThat(refused.getMessage()).contains("at most 3 requests per 10s for anonymous").contains("retry in 10 s");
        JsonObject data = (JsonObject) refused.data();
        assertThat(((JsonNumber) data.get("retryAfterMs")).longValue()).isEqualTo(9_334);
        assertThat(((JsonNumber) data.get("limit")).longValue()).isEqualTo(3);
        assertThat(((JsonNumber) data.get("windowMs")).longValue()).isEqualTo(10_000);

        now.addAndGet(6_000); // the next window: a fixed window would start empty, the sliding one still holds 3
        assertThat(error(server, call(10, "a")).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        now.addAndGet(3_333);
        assertThat(error(server, call(11, "a")).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        now.addAndGet(1);
        assertThat(handle(server, call(12, "a"))).isNotNull();
    }

    @Test
    void refusedRequestsAreNotCounted() throws Exception {
        McpServer server = server(new InMemoryStore(), 2, RateLimit.Per.PRINCIPAL);
        handle(server, call(1, "a"));
        handle(server, call(2, "a"));
        for (int i = 0; i < 50; i++) {
            now.addAndGet(100);
            assertThat(error(server, call(3, "a")).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        }
        // half-way through the next window the 2 weigh 1: room for one, as if the 50 had never asked
        now.set(1_000_000_015_000L);
        assertThat(handle(server, call(4, "a"))).isNotNull();
    }

    @Test
    void perToolBudgetsAreSeparate() throws Exception {
        McpServer server = server(new InMemoryStore(), 1, RateLimit.Per.TOOL);
        handle(server, call(1, "a"));
        handle(server, call(2, "b"));
        assertThat(error(server, call(3, "a")).getMessage()).contains("for tool a");
        handle(server, request(4, "tools/list", "{}"));
        assertThat(error(server, request(5, "tools/list", "{}")).getMessage()).contains("for tools/list");
    }

    @Test
    void instancesSharingCountersShareTheBudget() throws Exception {
        InMemoryStore shared = new InMemoryStore();
        McpServer one = server(shared, 2, RateLimit.Per.PRINCIPAL_AND_TOOL);
        McpServer two = server(shared, 2, RateLimit.Per.PRINCIPAL_AND_TOOL);
        handle(one, call(1, "a"));
        handle(two, call(2, "a"));
        assertThat(error(one, call(3, "a")).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error(two, call(4, "a")).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        handle(two, call(5, "b"));
    }

    @Test
    void anOutageOfTheCountersLetsRequestsThrough() throws Exception {
        Counters down = new Counters() {
            @Override
            public Acquisition acquire(Map<String, SlidingWindow> windows, long nowMillis) {
                throw new StateUnavailableException("redis down");
            }

            @Override
            public boolean mark(String key, Duration ttl) {
                throw new StateUnavailableException("redis down");
            }

            @Override
            public boolean isMarked(String key) {
                throw new StateUnavailableException("redis down");
            }
        };
        McpServer server = server(down, 1, RateLimit.Per.PRINCIPAL);
        for (int i = 0; i < 3; i++) {
            assertThat(handle(server, call(i, "a"))).isNotNull();
        }
    }

    @Test
    void aStateOutageInsideAHandlerIsARetriableUnavailableError() {
        McpServer server = McpServer.builder("t", "1")
                .tool(Rpc.textTool("needs-state"), ToolHandler.of(call -> {
                    throw new StateUnavailableException("redis down");
                }))
                .interceptor(chain -> {
                    throw new StateUnavailableException("redis down");
                })
                .build();
        McpException e = error(server, call(1, "needs-state"));
        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.getMessage()).contains("shared state store is unavailable");
    }

    @Test
    void rejectsNonsenseSettings() {
        InMemoryStore store = new InMemoryStore();
        assertThatThrownBy(() -> new RateLimit(store, 0, Duration.ofSeconds(1), RateLimit.Per.PRINCIPAL))
                .hasMessageContaining("at least 1 request");
        assertThatThrownBy(() -> new RateLimit(store, 5, Duration.ofMillis(10), RateLimit.Per.PRINCIPAL))
                .hasMessageContaining("at least 1s");
    }
}
