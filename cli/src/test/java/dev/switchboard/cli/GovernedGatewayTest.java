package dev.switchboard.cli;

import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.state.audit.AuditRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code gateway --config} with policy and audit in the file: calls are decided and recorded before anything is forwarded. */
@Timeout(60)
class GovernedGatewayTest {
    @TempDir
    Path dir;

    @Test
    void theGatewayEnforcesAndAuditsBeforeForwarding() throws Exception {
        McpServer upstream = McpServer.builder("test/upstream", "1.0")
                .tool(Tool.of("echo", "Echoes text", GatewayPinsCommandTest.TEXT), GatewayPinsCommandTest.ECHO)
                .tool(Tool.of("wipe", "Deletes everything", GatewayPinsCommandTest.TEXT), GatewayPinsCommandTest.ECHO).build();
        assertThat(GovernedServeTest.run("audit", "keygen", dir.resolve("audit.key").toString()).exit()).isZero();
        Files.writeString(dir.resolve("policy.yaml"), """
                rules:
                  - id: echo-ok
                    match: {servers: [files], tools: [files__echo]}
                    effect: allow
                  - id: never-wipe
                    match: {tools: ["*wipe"]}
                    effect: deny
                    reason: wiping is not for callers
                """);
        try (McpHttpServer upstreamHttp = McpHttpServer.builder(upstream).port(0).start()) {
            Path config = Files.writeString(dir.resolve("gateway.yaml"), """
                    server: {port: 0}
                    deployment: {instanceId: gw-1}
                    upstreams:
                      files:
                        url: %s
                    policy:
                      bundle: policy.yaml
                      watch: false
                    audit:
                      sink: audit.jsonl
                      key: audit.key
                      checkpoint: {records: 100, interval: 1m}
                    """.formatted(upstreamHttp.endpoint()));
            GatewayCommand cmd = new GatewayCommand();
            new CommandLine(cmd).parseArgs("--config", config.toString());
            try (GatewayCommand.Running gw = cmd.start(cmd.resolve(Map.of()));
                 McpClient client = McpClient.builder(gw.http().endpoint()).build()) {
                assertThat(client.callTool("files__echo", JsonObject.EMPTY).content().toString()).contains("echo");
                ErrorResponseException denied = catchThrowableOfType(ErrorResponseException.class,
                        () -> client.callTool("files__wipe", JsonObject.EMPTY));
                assertThat(denied.error().code()).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(denied.error().message()).isEqualTo("denied by rule never-wipe: wiping is not for callers");
                assertThat(gw.governance().auditor().flush(Duration.ofSeconds(5))).isTrue();
                assertThat(gw.governance().describe()).contains("policy ", "audit to ");
            }
        } finally {
            upstream.close();
        }
        List<JsonObject> events = Files.readAllLines(dir.resolve("audit.jsonl")).stream().map(l -> AuditRecord.parse(l).event()).toList();
        assertThat(events).extracting(e -> e.getString("type") + " " + e.getString("target") + " " + e.getString("decision"))
                .containsExactly("decision files__echo allow", "decision files__wipe deny", "checkpoint null null");
        assertThat(events.getFirst().getString("server")).as("rules and records see the upstream serving the tool").isEqualTo("files");
        assertThat(events.getFirst().getString("instance")).isEqualTo("gw-1");
        GovernedServeTest.Run verify = GovernedServeTest.run("audit", "verify", dir.resolve("audit.jsonl").toString(),
                "--public-key", dir.resolve("audit.key.pub").toString());
        assertThat(verify.out()).startsWith("OK: 3 records, 1 checkpoint");
        assertThat(verify.exit()).isZero();
    }

    @Test
    void theGatewayAsksForApprovalOnItsOwnPageAndForwardsOnceApproved() throws Exception {
        java.util.concurrent.atomic.AtomicInteger forwarded = new java.util.concurrent.atomic.AtomicInteger();
        McpServer upstream = McpServer.builder("test/upstream", "1.0")
                .tool(Tool.of("wipe", "Deletes everything", GatewayPinsCommandTest.TEXT), (dev.switchboard.server.ToolHandler) call -> {
                    forwarded.incrementAndGet();
                    return dev.switchboard.server.Outcome.complete(dev.switchboard.protocol.tools.CallToolResult.of(
                            dev.switchboard.protocol.content.TextContent.of("wiped")));
                }).build();
        Files.writeString(dir.resolve("policy.yaml"), """
                rules:
                  - id: wipe-with-a-human
                    match: {tools: [files__wipe]}
                    effect: require_approval
                    reason: wiping needs a person
                """);
        java.util.List<String> urls = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (McpHttpServer upstreamHttp = McpHttpServer.builder(upstream).port(0).start()) {
            GatewayCommand cmd = new GatewayCommand();
            new CommandLine(cmd).parseArgs("--port", "0", "--upstream", "files=" + upstreamHttp.endpoint(),
                    "--policy", dir.resolve("policy.yaml").toString());
            try (GatewayCommand.Running gw = cmd.start(cmd.resolve(Map.of()));
                 McpClient client = McpClient.builder(gw.http().endpoint()).elicitation(r -> {
                     urls.add(r.url());
                     ApprovalServeTest.approve(r, new java.util.ArrayList<>());
                     return dev.switchboard.protocol.elicitation.ElicitResult.accept(null);
                 }, false, true).build()) {
                assertThat(client.callTool("files__wipe", JsonObject.of("text", dev.switchboard.protocol.json.Json.of("all")))
                        .content().toString()).contains("wiped");
                assertThat(urls).singleElement().satisfies(u -> assertThat(u).startsWith(gw.http().endpoint().resolve("/approvals") + "?id="));
            }
        } finally {
            upstream.close();
        }
        assertThat(forwarded).hasValue(1);
    }
}
