package dev.switchboard.http;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.limit.RateLimit;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.kv.Acquisition;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.KeyValue;
import dev.switchboard.state.kv.SlidingWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits answer 429 with Retry-After in both eras; a shared-state outage fails only the
 * requests that need state (503, retriable), stateless calls carry on, and service resumes when
 * the store is back.
 */
class LimitsAndOutagesTest {
    private final TestServers fixtures = new TestServers();
    private final FlakyStore store = new FlakyStore();
    private McpHttpServer http;

    @AfterEach
    void stop() {
        fixtures.blockRelease.countDown();
        if (http != null) {
            http.close();
        }
    }

    private Http start(McpServer.Builder builder) throws Exception {
        http = McpHttpServer.builder(builder.keyValue(store).counters(store).build()).port(0).start();
        return new Http(http.endpoint());
    }

    @Test
    void rateLimitedRequestsGet429WithRetryAfterInBothEras() throws Exception {
        Http client = start(fixtures.builder().interceptor(new RateLimit(store, 2, Duration.ofHours(1), RateLimit.Per.PRINCIPAL)));
        String sid = new Http(http.endpoint()).post(SessionEraTest.legacyHeaders(null), SessionEraTest.init("2025-11-25", "{}"))
                .headers().get("mcp-session-id"); // initialize is not a dispatched request: it spends no budget
        assertThat(client.call("tools/list", null, "").status()).isEqualTo(200);
        assertThat(client.call("tools/list", null, "").status()).isEqualTo(200);
        Http.Reply refused = client.call("tools/list", null, "");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        // a sliding window's room may come in the next window: within two of them
        assertThat(Long.parseLong(refused.headers().get("retry-after"))).isBetween(1L, 7200L);
        assertThat(refused.object().getObject("error").getString("message")).contains("at most 2 requests per 1h");

        Http.Reply legacy = client.post(SessionEraTest.legacyHeaders(sid), SessionEraTest.rpc(5, "tools/list", "{}"));
        assertThat(legacy.status()).isEqualTo(429);
        assertThat(legacy.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @Test
    void aStateOutageFailsFastOnlyWhatNeedsStateAndRecovers() throws Exception {
        Http client = start(fixtures.builder());
        String sid = client.post(SessionEraTest.legacyHeaders(null), SessionEraTest.init("2025-11-25", "{}"))
                .headers().get("mcp-session-id");
        store.down.set(true);

        Http.Reply stateless = client.call("tools/call", "echo", "\"name\":\"echo\",\"arguments\":{\"text\":\"still here\"}");
        assertThat(stateless.status()).isEqualTo(200);
        assertThat(stateless.body()).contains("still here");

        long started = System.nanoTime();
        Http.Reply session = client.post(SessionEraTest.legacyHeaders(sid), SessionEraTest.rpc(1, "tools/list", "{}"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails fast").isLessThan(Duration.ofSeconds(5));
        assertThat(session.status()).isEqualTo(503);
        assertThat(session.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(session.headers().get("retry-after")).isEqualTo("1");
        assertThat(session.object().getObject("error").getString("message")).contains("shared state store is unavailable");

        store.down.set(false);
        Http.Reply again = client.post(SessionEraTest.legacyHeaders(sid), SessionEraTest.rpc(2, "tools/list", "{}"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.object().getObject("result").has("tools")).isTrue();
    }

    /** An in-memory store that can be switched off like a Redis that went away. */
    static final class FlakyStore implements KeyValue, Counters {
        final AtomicBoolean down = new AtomicBoolean();
        private final InMemoryStore delegate = new InMemoryStore();

        private void check() {
            if (down.get()) {
                throw new StateUnavailableException("test store is down");
            }
        }

        @Override
        public JsonObject get(String key) {
            check();
            return delegate.get(key);
        }

        @Override
        public void put(String key, JsonObject value, Duration ttl) {
            check();
            delegate.put(key, value, ttl);
        }

        @Override
        public void delete(String key) {
            check();
            delegate.delete(key);
        }

        @Override
        public boolean putIfAbsent(String key, JsonObject value, Duration ttl) {
            check();
            return delegate.putIfAbsent(key, value, ttl);
        }

        @Override
        public boolean compareAndSet(String key, JsonObject expected, JsonObject value, Duration ttl) {
            check();
            return delegate.compareAndSet(key, expected, value, ttl);
        }

        @Override
        public boolean compareAndDelete(String key, JsonObject expected) {
            check();
            return delegate.compareAndDelete(key, expected);
        }

        @Override
        public void addToSet(String key, String member, Duration ttl) {
            check();
            delegate.addToSet(key, member, ttl);
        }

        @Override
        public void removeFromSet(String key, String member) {
            check();
            delegate.removeFromSet(key, member);
        }

        @Override
        public Set<String> members(String key) {
            check();
            return delegate.members(key);
        }

        @Override
        public Acquisition acquire(Map<String, SlidingWindow> windows, long nowMillis) {
            check();
            return delegate.acquire(windows, nowMillis);
        }

        @Override
        public boolean mark(String key, Duration ttl) {
            check();
            return delegate.mark(key, ttl);
        }

        @Override
        public boolean isMarked(String key) {
            check();
            return delegate.isMarked(key);
        }
    }
}
