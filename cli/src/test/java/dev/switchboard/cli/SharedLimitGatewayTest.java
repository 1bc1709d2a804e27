package dev.switchboard.cli;

import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A rate limit is global (issue 9 item 6, last case): three gateway instances sharing one Redis,
 * calls spread over all three at once, and the total allowed equals the quota, not three times
 * it. Every call, allowed or limited, leaves its record in the one audit chain, which verifies.
 */
@Timeout(120)
class SharedLimitGatewayTest {
    @TempDir
    Path dir;

    @Test
    void threeInstancesAllowTheQuotaOnceBetweenThem() throws Exception {
        Path binary = RedisServer.findBinary().orElse(null);
        assumeTrue(binary != null, "no redis-server on this machine");
        AtomicInteger ran = new AtomicInteger();
        McpServer upstream = McpServer.builder("test/search", "1.0")
                .tool(Tool.of("search", "Searches", GatewayPinsCommandTest.TEXT), (dev.switchboard.server.ToolHandler) call -> {
                    ran.incrementAndGet();
                    return dev.switchboard.server.Outcome.complete(dev.switchboard.protocol.tools.CallToolResult.of(
                            dev.switchboard.protocol.content.TextContent.of("found")));
                }).build();
        Path key = dir.resolve("audit.key");
        assertThat(GovernedServeTest.run("audit", "keygen", key.toString()).exit()).isZero();
        Path ring = dir.resolve("keys.json");
        KeyRing.generate().write(ring);
        Path bundle = Files.writeString(dir.resolve("policy.yaml"), """
                rules:
                  - id: search-budget
                    match: {tools: [files__search]}
                    effect: allow
                    limit: {rate: 5/1d, per: [principal, tool]}
                """);
        List<GatewayCommand.Running> gateways = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(binary, Files.createDirectories(dir.resolve("redis")));
             McpHttpServer upstreamHttp = McpHttpServer.builder(upstream).port(0).start()) {
            String state = redis.uri().toString();
            for (int i = 1; i <= 3; i++) {
                GatewayCommand cmd = new GatewayCommand();
                new CommandLine(cmd).parseArgs("--port", "0", "--upstream", "files=" + upstreamHttp.endpoint(), "--state", state,
                        "--keys", ring.toString(), "--instances", "3", "--instance-id", "gw-" + i, "--policy", bundle.toString(),
                        "--audit", "redis", "--audit-key", key.toString(), "--audit-spool", dir.resolve("spool-" + i + ".jsonl").toString());
                gateways.add(cmd.start(cmd.resolve(Map.of())));
            }
            // 30 calls at once, ten through each instance
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> limited = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> callers = new ArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 30; i++) {
                URI endpoint = gateways.get(i % 3).http().endpoint();
                callers.add(Thread.ofVirtual().start(() -> {
                    try {
                        HttpResponse<String> r = http.send(request(endpoint), HttpResponse.BodyHandlers.ofString());
                        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (r.statusCode() == 429) {
                            limited.add(r.body());
                        }
                    } catch (Exception e) {
                        statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            for (Thread t : callers) {
                t.join();
            }
            assertThat(statuses).containsOnlyKeys(200, 429);
            assertThat(statuses.get(200)).hasValue(5);
            assertThat(ran).hasValue(5);
            assertThat(limited).hasSize(25).allSatisfy(body -> {
                JsonObject error = ((JsonObject) Wire.parse(body)).getObject("error");
                assertThat(((JsonNumber) error.get("code")).longValue()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(error.getString("message")).contains("rule search-budget");
                assertThat(((JsonNumber) error.getObject("data").get("retryAfterMs")).longValue()).isPositive();
            });
            for (GatewayCommand.Running g : gateways) {
                assertThat(g.governance().auditor().flush(Duration.ofSeconds(10))).isTrue();
            }
            for (GatewayCommand.Running g : gateways) {
                g.close();
            }
            gateways.clear();

            Path export = dir.resolve("export.jsonl");
            assertThat(GovernedServeTest.run("audit", "export", export.toString(), "--state", state).exit()).isZero();
            List<JsonObject> decisions = new ArrayList<>();
            for (String line : Files.readAllLines(export)) {
                JsonObject e = AuditRecord.parse(line).event();
                if ("decision".equals(e.getString("type"))) {
                    decisions.add(e);
                }
            }
            assertThat(decisions).hasSize(30);
            assertThat(decisions).filteredOn(e -> "allow".equals(e.getString("decision"))).hasSize(5);
            assertThat(decisions).filteredOn(e -> "rate_limited".equals(e.getString("decision"))).hasSize(25)
                    .allSatisfy(e -> {
                        assertThat(e.getString("rule")).isEqualTo("search-budget");
                        assertThat(e.getString("reason")).startsWith("Rate limit of rule search-budget reached: at most 5/1d");
                        assertThat(((JsonNumber) e.getObject("limited").get("retryAfterMs")).longValue()).isPositive();
                    });
            assertThat(decisions).extracting(e -> e.getString("instance")).containsOnly("gw-1", "gw-2", "gw-3");
            GovernedServeTest.Run verified = GovernedServeTest.run("audit", "verify", "--state", state, "--public-key", key + ".pub");
            assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
        } finally {
            gateways.forEach(GatewayCommand.Running::close);
            upstream.close();
        }
    }

    private static HttpRequest request(URI endpoint) {
        return HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", AdversarialSuiteTest.V).header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "files__search")
                .POST(HttpRequest.BodyPublishers.ofString(AdversarialSuiteTest.body("tools/call",
                        "{\"name\":\"files__search\",\"arguments\":{\"text\":\"x\"}}"))).build();
    }
}
