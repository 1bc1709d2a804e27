package dev.switchboard.agents.demo;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.ToolCallOutcome;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static dev.switchboard.agents.TaskWaits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agents demo end to end over HTTP: a client calls billing, billing delegates to compliance,
 * and above the threshold compliance's question to a human surfaces on the client's call and the
 * answer flows back down.
 */
@Timeout(60)
class PaymentAgentsTest {
    private static PaymentAgents demo;

    @BeforeAll
    static void start() throws Exception {
        demo = PaymentAgents.start(new BigDecimal("1000"));
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static final List<ElicitRequest> asked = new CopyOnWriteArrayList<>();

    private static McpClient client(Function<ElicitRequest, ElicitResult> human) {
        return McpClient.builder(demo.billing().endpoint())
                .elicitation(request -> {
                    asked.add(request);
                    return human.apply(request);
                }, true, false)
                .build();
    }

    private static CallToolResult pay(McpClient client, String amount) {
        JsonObject args = (JsonObject) Wire.parse("{\"amount\":" + amount + ",\"currency\":\"EUR\",\"payee\":\"ACME\"}");
        return client.callToolAndWait(CallToolRequest.of("process_payment", args),
                CallOptions.builder().taskTimeout(Duration.ofSeconds(30)).build());
    }

    private static String text(CallToolResult r) {
        return ((TextContent) r.content().getFirst()).text();
    }

    @Test
    void underTheThresholdComplianceApprovesWithoutAskingAnyone() {
        asked.clear();
        try (McpClient client = client(r -> ElicitResult.decline())) {
            CallToolResult r = pay(client, "250");
            assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(text(r)).startsWith("Paid EUR 250.00 to ACME").contains("approved by policy");
            assertThat(asked).isEmpty();
        }
    }

    @Test
    void overTheThresholdTheHumanIsAskedThroughBothTasksAndApproves() {
        asked.clear();
        try (McpClient client = client(r -> ElicitResult.accept(JsonObject.of("approve", Json.of(true),
                "reason", Json.of("known supplier"))))) {
            CallToolResult r = pay(client, "1200");
            assertThat(text(r)).startsWith("Paid EUR 1,200.00 to ACME").contains("approved by a human approver");
            assertThat(r.structuredContent().asObject().getString("status")).isEqualTo("paid");
        }
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().message())
                .contains("Approve EUR 1,200.00 to ACME")
                .as("compliance saw who asked: billing, acting for the anonymous caller")
                .contains("requested by billing for anonymous");
    }

    @Test
    void aHumanDenialRefusesThePayment() {
        try (McpClient client = client(r -> ElicitResult.accept(JsonObject.of("approve", Json.of(false),
                "reason", Json.of("unknown payee"))))) {
            CallToolResult r = pay(client, "5000");
            assertThat(text(r)).isEqualTo("Payment of EUR 5,000.00 to ACME refused by a human approver: unknown payee");
            assertThat(r.structuredContent().asObject().getString("status")).isEqualTo("refused");
        }
    }

    @Test
    void aDeclinedQuestionRefusesToo() {
        try (McpClient client = client(r -> ElicitResult.decline())) {
            assertThat(text(pay(client, "1000.01"))).contains("refused").contains("the approver declined");
        }
    }

    @Test
    void theQuestionShowsOnTheCallersTaskUnderAKeyNamingPeerAndCalleeTask() throws Exception {
        try (McpClient client = client(r -> ElicitResult.decline())) {
            JsonObject args = (JsonObject) Wire.parse("{\"amount\":2000,\"payee\":\"ACME\"}");
            var created = (ToolCallOutcome.TaskCreated) client.callToolAsTask(
                    CallToolRequest.of("process_payment", args), CallOptions.DEFAULT);
            DetailedTask t = waitFor(client, created.task().taskId(), TasksExtension.INPUT_REQUIRED);
            String key = t.inputRequests().keySet().iterator().next();
            assertThat(key).matches("compliance/[A-Za-z0-9_-]{20,}/approval");
            client.cancelTask(created.task().taskId());
            waitFor(client, created.task().taskId(), TasksExtension.CANCELLED);
        }
    }

    @Test
    void complianceRefusesCallersItsRuleDoesNotAllow() {
        try (McpClient anonymous = McpClient.builder(demo.compliance().endpoint()).build()) {
            assertThatThrownBy(anonymous::listAllTools)
                    .isInstanceOf(McpClientException.class)
                    .hasMessageContaining("needs a delegation token");
        }
    }

}
