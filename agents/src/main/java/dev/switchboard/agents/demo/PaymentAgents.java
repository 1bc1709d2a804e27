package dev.switchboard.agents.demo;

import dev.switchboard.agents.Agent;
import dev.switchboard.agents.AgentKey;
import dev.switchboard.agents.Rule;
import dev.switchboard.agents.SkillContext;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The agents demo: a billing agent whose {@code process_payment} asks a compliance agent's
 * {@code approve_payment}; above a threshold, compliance asks a human, and the question travels
 * up through billing's task to whoever called billing.
 *
 * <pre>{@code
 * try (PaymentAgents demo = PaymentAgents.start(new BigDecimal("1000"))) {
 *     System.out.println(demo.billing().endpoint());
 * }
 * }</pre>
 */
public final class PaymentAgents implements AutoCloseable {
    public static final String BILLING = "billing";
    public static final String COMPLIANCE = "compliance";

    private static final JsonObject PAYMENT = (JsonObject) Wire.parse("""
            {"type":"object","properties":{
              "amount":{"type":"number","exclusiveMinimum":0,"description":"How much to pay"},
              "currency":{"type":"string","pattern":"^[A-Z]{3}$","default":"EUR","description":"ISO 4217 code"},
              "payee":{"type":"string","minLength":1,"description":"Who is paid"}},
             "required":["amount","payee"]}""");
    private static final JsonObject APPROVAL_FORM = (JsonObject) Wire.parse("""
            {"type":"object","properties":{
              "approve":{"type":"boolean","title":"Approve this payment?"},
              "reason":{"type":"string","title":"Reason (for the audit trail)"}},
             "required":["approve"]}""");

    public static final Tool PROCESS_PAYMENT = Tool.of("process_payment",
            "Pays a payee once the compliance agent approved the payment", PAYMENT);
    public static final Tool APPROVE_PAYMENT = Tool.of("approve_payment",
            "Approves a payment: automatically up to the threshold, above it a human decides", PAYMENT);

    private final Agent compliance;
    private final Agent billing;

    private PaymentAgents(Agent compliance, Agent billing) {
        this.compliance = compliance;
        this.billing = billing;
    }

    /** Starts both agents on free loopback ports, with fresh keys, each trusting the other. */
    public static PaymentAgents start(BigDecimal threshold) throws Exception {
        return start(threshold, 0, 0);
    }

    /** Starts both agents on the given loopback ports (0: a free one). */
    public static PaymentAgents start(BigDecimal threshold, int billingPort, int compliancePort) throws Exception {
        AgentKey billingKey = AgentKey.generate(BILLING);
        AgentKey complianceKey = AgentKey.generate(COMPLIANCE);
        Agent compliance = Agent.builder(complianceKey)
                .port(compliancePort)
                .trust(billingKey)
                .skill(APPROVE_PAYMENT, ctx -> approve(ctx, threshold), Rule.calledBy(BILLING))
                .start();
        try {
            Agent billing = Agent.builder(billingKey)
                    .port(billingPort)
                    .trust(complianceKey)
                    .acceptAnonymous(true) // people call billing directly from this machine
                    .peer(COMPLIANCE, compliance.endpoint())
                    .skill(PROCESS_PAYMENT, PaymentAgents::pay, Rule.anyone())
                    .start();
            return new PaymentAgents(compliance, billing);
        } catch (Exception e) {
            compliance.close();
            throw e;
        }
    }

    public Agent billing() {
        return billing;
    }

    public Agent compliance() {
        return compliance;
    }

    @Override
    public void close() {
        try {
            billing.close();
        } finally {
            compliance.close();
        }
    }

    /** billing: asks compliance, then pays, or reports the refusal. */
    private static CallToolResult pay(SkillContext ctx) {
        Payment p = Payment.of(ctx.arguments());
        ctx.status("asking compliance to approve " + p);
        CallToolResult verdict = ctx.delegate(COMPLIANCE, APPROVE_PAYMENT.name(), ctx.arguments());
        JsonObject decision = verdict.structuredContent() instanceof JsonObject o ? o : JsonObject.EMPTY;
        if (Boolean.TRUE.equals(verdict.isError()) || !(decision.get("approved") instanceof JsonBoolean b)) {
            return CallToolResult.error("compliance gave no decision on " + p + ": " + text(verdict));
        }
        String decidedBy = decision.getString("decidedBy");
        if (!b.value()) {
            String reason = decision.getString("reason");
            return CallToolResult.structured(JsonObject.of("status", Json.of("refused"), "decidedBy", Json.of(decidedBy)),
                    TextContent.of("Payment of " + p + " refused by " + decidedBy
                            + (reason == null || reason.isBlank() ? "" : ": " + reason)));
        }
        // the id derives from the task, so a run taken over by another instance pays under the same id
        String paymentId = "pay_" + ctx.taskId().substring(0, 12);
        return CallToolResult.structured(JsonObject.of("status", Json.of("paid"), "paymentId", Json.of(paymentId),
                        "decidedBy", Json.of(decidedBy)),
                TextContent.of("Paid " + p + " (" + paymentId + "), approved by " + decidedBy));
    }

    /** compliance: approves up to the threshold; above it, a human decides. */
    private static CallToolResult approve(SkillContext ctx, BigDecimal threshold) {
        Payment p = Payment.of(ctx.arguments());
        String requestedBy = ctx.caller().describe();
        if (p.amount().compareTo(threshold) <= 0) {
            return decision(true, "policy (at most " + threshold.toPlainString() + ")", null, requestedBy);
        }
        ctx.status("waiting for a human to approve " + p);
        ElicitResult answer = ctx.elicit("approval", ElicitRequest.form("Approve " + p + ", requested by "
                + requestedBy + "? It is over the " + threshold.toPlainString() + " threshold.", APPROVAL_FORM));
        JsonObject content = answer.content() == null ? JsonObject.EMPTY : answer.content();
        boolean approved = answer.action() == ElicitResult.Action.ACCEPT
                && content.get("approve") instanceof JsonBoolean yes && yes.value();
        String reason = content.getString("reason");
        if (answer.action() != ElicitResult.Action.ACCEPT) {
            reason = answer.action() == ElicitResult.Action.DECLINE ? "the approver declined" : "the approver cancelled";
        }
        return decision(approved, "a human approver", reason, requestedBy);
    }

    private static CallToolResult decision(boolean approved, String decidedBy, String reason, String requestedBy) {
        JsonObject.Builder d = JsonObject.builder().put("approved", approved).put("decidedBy", decidedBy)
                .put("requestedBy", requestedBy);
        if (reason != null && !reason.isBlank()) {
            d.put("reason", reason);
        }
        return CallToolResult.structured(d.build(), TextContent.of((approved ? "Approved" : "Refused") + " by "
                + decidedBy + " (requested by " + requestedBy + ")" + (reason == null ? "" : ": " + reason)));
    }

    private static String text(CallToolResult r) {
        return r.content().stream().filter(c -> c instanceof TextContent).map(c -> ((TextContent) c).text())
                .findFirst().orElse("(no text)");
    }

    /** The payment the arguments describe. */
    record Payment(BigDecimal amount, String currency, String payee) {
        static Payment of(JsonObject args) {
            BigDecimal amount = ((JsonNumber) args.get("amount")).decimalValue().setScale(2, RoundingMode.HALF_EVEN);
            String currency = args.getString("currency");
            return new Payment(amount, currency == null ? "EUR" : currency, args.getString("payee"));
        }

        @Override
        public String toString() {
            return currency + " " + String.format(Locale.ROOT, "%,.2f", amount) + " to " + payee;
        }
    }
}
