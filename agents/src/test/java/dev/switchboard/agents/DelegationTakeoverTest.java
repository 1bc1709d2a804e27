package dev.switchboard.agents;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.agents.internal.DelegationTokens;
import dev.switchboard.client.CallOptions;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.ToolCallOutcome;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.state.embedded.InMemoryTaskStore;
import dev.switchboard.state.embedded.InProcessEventBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.agents.TaskWaits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one delegating agent share a task store: when the instance running a
 * delegating skill stops, the other takes the task over and waits for the same callee task
 * (checkpointed in the caller's record) instead of delegating a second time.
 */
@Timeout(60)
class DelegationTakeoverTest {
    private static final JsonObject ANY = (JsonObject) Wire.parse("{\"type\":\"object\"}");
    private final AgentKey front = AgentKey.generate("front");
    private final AgentKey back = AgentKey.generate("back");
    private final AgentKey users = AgentKey.generate("users");
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final InProcessEventBus bus = new InProcessEventBus();
    private final AtomicInteger backTasks = new AtomicInteger();
    private Agent backAgent;
    private Agent front1;
    private Agent front2;

    @AfterEach
    void stop() {
        for (Agent a : new Agent[]{front1, front2, backAgent}) {
            if (a != null) {
                a.close();
            }
        }
        bus.close();
    }

    private Agent frontInstance(String instance) throws Exception {
        return Agent.builder(front).trust(users).trust(back).peer("back", backAgent.endpoint())
                .server(s -> s.taskStore(store).eventBus(bus).instanceId(instance).taskLease(Duration.ofMillis(400)))
                .skill(Tool.of("ask_back", "Asks back", ANY),
                        ctx -> ctx.delegate("back", "approve", JsonObject.EMPTY), Rule.anyone())
                .start();
    }

    @Test
    void theSuccessorWaitsForTheSameCalleeAndTheAnswerStillFlowsDown() throws Exception {
        backAgent = Agent.builder(back).trust(front)
                .skill(Tool.of("approve", "Asks a human", ANY), ctx -> {
                    ElicitResult r = ctx.elicit("ok", ElicitRequest.form("OK?", ANY));
                    return CallToolResult.of(TextContent.of("back says " + r.action().wire()));
                }, Rule.calledBy("front"))
                .server(s -> s.interceptor(chain -> {
                    if ("tools/call".equals(chain.request().method())) {
                        backTasks.incrementAndGet();
                    }
                    return chain.proceed();
                }))
                .start();
        front1 = frontInstance("front-1");
        front2 = frontInstance("front-2");
        String token = userToken();
        String taskId;
        try (McpClient via1 = McpClient.builder(front1.endpoint()).bearerToken(token).elicitation(r -> ElicitResult.decline(), true, false).build()) {
            var created = (ToolCallOutcome.TaskCreated) via1.callToolAsTask(
                    CallToolRequest.of("ask_back", JsonObject.EMPTY), CallOptions.DEFAULT);
            taskId = created.task().taskId();
            waitFor(via1, taskId, TasksExtension.INPUT_REQUIRED);
        }
        front1.close(); // gives its lease up: front-2 takes the task over
        front1 = null;
        try (McpClient via2 = McpClient.builder(front2.endpoint()).bearerToken(token).elicitation(r -> ElicitResult.decline(), true, false).build()) {
            DetailedTask t = waitFor(via2, taskId, TasksExtension.INPUT_REQUIRED);
            String key = t.inputRequests().keySet().iterator().next();
            Thread.sleep(600); // long enough for front-2's successor run to have delegated again, were it to
            via2.updateTask(taskId, Map.of(key, Codec.encode(ElicitResult.accept(JsonObject.EMPTY))));
            DetailedTask done = waitFor(via2, taskId, TasksExtension.COMPLETED);
            CallToolResult r = Codec.decode(done.result(), CallToolResult.class);
            assertThat(((TextContent) r.content().getFirst()).text()).isEqualTo("back says accept");
        }
        assertThat(backTasks).as("back was asked once: the successor waited for the same callee").hasValue(1);
    }

    private String userToken() {
        Instant now = Instant.now();
        return new DelegationTokens(users, Map.of(), 4, Clock.systemUTC()).sign(new JWTClaimsSet.Builder()
                .issuer("users").subject("alice").audience("front").claim("scope", "ask_back")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120))).build());
    }

}
