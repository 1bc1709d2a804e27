package dev.switchboard.agents;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chain of two agents over HTTP whose skills suggest polling every 30 s ends in far less: the
 * caller's wait and the delegating agent's wait for its callee both hear by push that the task
 * ended. When the callee refuses the push stream, the delegating agent polls instead (fast, since
 * its callee then suggests a short interval) and the chain still ends quickly.
 */
@Timeout(120)
class DelegationPushTest {
    private static final JsonObject ANY = (JsonObject) Wire.parse("{\"type\":\"object\"}");
    private static final Duration SLOW_POLL = Duration.ofSeconds(30);
    private static final Duration FAR_LESS = Duration.ofSeconds(10);

    private final AgentKey frontKey = AgentKey.generate("front");
    private final AgentKey backKey = AgentKey.generate("back");
    private final AtomicInteger backListens = new AtomicInteger();
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    /**
     * {@code front}'s skill {@code relay} delegates to {@code back}'s {@code work}, which takes a
     * second; with {@code backPushes} false, back refuses {@code subscriptions/listen} and suggests
     * polling every 300 ms.
     */
    private Agent chain(boolean backPushes) throws Exception {
        Agent back = Agent.builder(backKey).trust(frontKey).pollInterval(backPushes ? SLOW_POLL : Duration.ofMillis(300))
                .skill(Tool.of("work", "Works for a second", ANY), ctx -> {
                    Thread.sleep(1_000);
                    return CallToolResult.of(TextContent.of("worked"));
                }, Rule.calledBy("front"))
                .server(s -> s.interceptor(chain -> {
                    if ("subscriptions/listen".equals(chain.request().method())) {
                        backListens.incrementAndGet();
                        if (!backPushes) {
                            throw new McpException(ErrorCode.METHOD_NOT_FOUND, "Method not found: subscriptions/listen");
                        }
                    }
                    return chain.proceed();
                }))
                .start();
        running.add(back);
        Agent front = Agent.builder(frontKey).trust(backKey).acceptAnonymous(true).pollInterval(SLOW_POLL)
                .peer("back", back.endpoint())
                .skill(Tool.of("relay", "Asks back", ANY), ctx -> ctx.delegate("back", "work", JsonObject.EMPTY),
                        Rule.anyone())
                .start();
        running.add(front);
        return front;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aChainEndsInFarLessThanTheSuggestedPollInterval(boolean backPushes) throws Exception {
        Agent front = chain(backPushes);
        try (McpClient client = McpClient.builder(front.endpoint()).build()) {
            long start = System.nanoTime();
            CallToolResult r = client.callToolAndWait(CallToolRequest.of("relay", JsonObject.EMPTY),
                    CallOptions.builder().taskTimeout(Duration.ofSeconds(25)).build());
            assertThat(((TextContent) r.content().getFirst()).text()).isEqualTo("worked");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAR_LESS);
        }
        assertThat(backListens).as("the delegating agent asked its callee for push").hasPositiveValue();
    }
}
