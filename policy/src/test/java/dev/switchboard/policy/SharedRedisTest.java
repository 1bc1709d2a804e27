package dev.switchboard.policy;

import dev.switchboard.http.RequestFields;
import dev.switchboard.policy.approval.ApprovalPage;
import dev.switchboard.policy.approval.Approvals;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.server.McpServer;
import dev.switchboard.state.redis.RedisState;
import dev.switchboard.testkit.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.switchboard.policy.Bundles.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances (each its own engine and interceptor) sharing one real Redis: limits count
 * together, and an approval asked on one is decided on the other's page and used there once.
 * Needs redis-server on the PATH (never skipped).
 */
class SharedRedisTest {
    @TempDir
    Path dir;
    private RedisServer redis;
    private RedisState a;
    private RedisState b;

    @BeforeEach
    void start() throws Exception {
        Path data = Files.createDirectories(dir.resolve("redis"));
        redis = RedisServer.start(RedisServer.findBinary().orElseThrow(
                () -> new IllegalStateException("redis-server is not installed (apt-get install -y redis-server)")), data);
        a = RedisState.connect(redis.uri());
        b = RedisState.connect(redis.uri());
    }

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void twoInstancesCountTogether() throws Exception {
        LimitEnforcementTest rig = new LimitEnforcementTest();
        rig.dir = dir;
        McpServer one = rig.server(a.store(), null);
        McpServer two = rig.server(b.store(), null);
        LimitEnforcementTest.call(one, user("alice"), "search", "");
        LimitEnforcementTest.call(two, user("alice"), "search", "");
        LimitEnforcementTest.call(one, user("alice"), "search", "");
        McpException e = LimitEnforcementTest.refused(two, user("alice"), "search");
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(e.getMessage()).contains("rule search");
        assertThat(rig.handled).hasValue(3);
        LimitEnforcementTest.call(two, user("bob"), "search", "");
    }

    @Test
    void anApprovalAskedOnOneInstanceIsDecidedAndUsedOnTheOther() throws Exception {
        byte[] secret = new byte[32];
        secret[0] = 7; // every instance shares the secret, as they share the key ring
        Approvals onA = Approvals.builder(a.store(), a.store(), secret, () -> URI.create("http://a.example/approvals")).build();
        Approvals onB = Approvals.builder(b.store(), b.store(), secret, () -> URI.create("http://b.example/approvals")).build();
        LimitEnforcementTest rig = new LimitEnforcementTest();
        rig.dir = dir;
        McpServer one = rig.server(a.store(), onA);
        McpServer two = rig.server(b.store(), onB);

        JsonObject asked = LimitEnforcementTest.call(one, user("carol"), "pay", "");
        String id = ApprovalFlowTest.approvalIdOf(asked);
        ApprovalPage pageOnB = new ApprovalPage(onB, dev.switchboard.policy.approval.Approvers.ANYONE_WITH_LINK);
        ApprovalPage.Reply shown = pageOnB.get(Map.of("id", id), Map.of(), null);
        assertThat(shown.status()).isEqualTo(200);
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(shown.text());
        assertThat(csrf.find()).isTrue();
        String cookie = shown.headers().get("Set-Cookie").split(";")[0];
        ApprovalPage.Reply decided = pageOnB.post("application/x-www-form-urlencoded",
                Map.of("id", id, "decision", "approve", "csrf", csrf.group(1)), RequestFields.cookies(cookie), null,
                "b.example", "10.0.0.9", null);
        assertThat(decided.status()).isEqualTo(200);

        assertThat(LimitEnforcementTest.call(two, user("carol"), "pay", ApprovalFlowTest.answer(asked, "accept"))
                .getString("resultType")).isEqualTo("complete");
        McpException replay = org.assertj.core.api.Assertions.catchThrowableOfType(McpException.class,
                () -> LimitEnforcementTest.call(one, user("carol"), "pay", ApprovalFlowTest.answer(asked, "accept")));
        assertThat(replay.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(replay.getMessage()).contains("already used");
        assertThat(rig.handled).hasValue(1);
    }
}
