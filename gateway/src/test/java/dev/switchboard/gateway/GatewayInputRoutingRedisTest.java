package dev.switchboard.gateway;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.Era;
import dev.switchboard.client.InputRound;
import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.state.redis.RedisState;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.switchboard.gateway.GatewayInputRoutingTest.answerTo;
import static dev.switchboard.gateway.GatewayInputRoutingTest.retry;
import static dev.switchboard.gateway.GatewayInputRoutingTest.round;
import static dev.switchboard.gateway.GatewayInputRoutingTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link GatewayInputRoutingTest}'s chain over Redis pub/sub: three replicas, each with its own
 * Redis connection as separate processes would have, routing the retries of one request.
 */
@Timeout(60)
class GatewayInputRoutingRedisTest {

    @Test
    void aChainOfTwoQuestionsCrossesThreeReplicasOverRedis(@TempDir Path dir) throws Exception {
        Path binary = RedisServer.findBinary().orElse(null);
        assumeTrue(binary != null, "no redis-server on this machine");
        KeyRing ring = KeyRing.generate();
        Duration request = Duration.ofSeconds(5);
        Duration input = Duration.ofMinutes(1);
        try (RedisServer redis = RedisServer.start(binary, dir);
             Upstreams.Running upstream = Upstreams.start(Asker.server());
             RedisState stateA = RedisState.connect(redis.uri());
             RedisState stateB = RedisState.connect(redis.uri());
             RedisState stateC = RedisState.connect(redis.uri());
             var a = GatewayInputRoutingTest.Instance.start(upstream.endpoint(), ring, stateA.bus(), request, input);
             var b = GatewayInputRoutingTest.Instance.start(upstream.endpoint(), ring, stateB.bus(), request, input);
             var c = GatewayInputRoutingTest.Instance.start(upstream.endpoint(), ring, stateC.bus(), request, input);
             McpClient toA = a.client(Era.MODERN); McpClient toB = b.client(Era.MODERN);
             McpClient toC = c.client(Era.MODERN)) {
            InputRequiredResult first = round(toA, "legacy__ask_two", null, null);
            InputRequiredResult second = round(toB, "legacy__ask_two", first, answerTo(first));
            var done = toC.callToolRound(retry("legacy__ask_two", second, answerTo(second)), CallOptions.DEFAULT);
            assertThat(done).isInstanceOfSatisfying(InputRound.Complete.class,
                    r -> assertThat(text((CallToolResult) r.result())).isEqualTo("hello Ada from Paris"));
            assertThat(b.parked() + c.parked()).isZero();
        }
    }
}
