package dev.switchboard.cli;

import dev.switchboard.agents.demo.PaymentAgents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's agents walkthrough through the CLI: {@code call ... --wait} against the demo's
 * billing agent, the human approval answered on (scripted) stdin, as a person would at the prompt.
 */
@Timeout(60)
class DemoAgentsTest {
    private static PaymentAgents demo;
    private static String billing;

    @BeforeAll
    static void start() throws Exception {
        demo = PaymentAgents.start(new BigDecimal("1000"));
        billing = demo.billing().endpoint().toString();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void underTheThresholdNobodyIsAsked() {
        KeysCommandTest.Run r = CallPromptsTest.run("", "call", billing, "process_payment",
                "--arg", "amount=250", "--arg", "payee=ACME", "--wait");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Paid EUR 250.00 to ACME").contains("approved by policy (at most 1000)");
        assertThat(r.err()).doesNotContain("[the server asks]");
    }

    @Test
    void overTheThresholdThePromptReachesTheCallerAndTheApprovalFlowsBack() {
        KeysCommandTest.Run r = CallPromptsTest.run("y\nknown supplier\n\n", "call", billing, "process_payment",
                "--arg", "amount=1200", "--arg", "payee=ACME", "--wait");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("\\[task \\S+: input_required")
                .contains("[the server asks] Approve EUR 1,200.00 to ACME, requested by billing for anonymous?");
        assertThat(r.out()).contains("Paid EUR 1,200.00 to ACME").contains("approved by a human approver");
    }

    @Test
    void aDenialAtThePromptRefusesThePayment() {
        KeysCommandTest.Run r = CallPromptsTest.run("n\nnot on the list\n\n", "call", billing, "process_payment",
                "--arg", "amount=5000", "--arg", "payee=ACME", "--wait");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Payment of EUR 5,000.00 to ACME refused by a human approver: not on the list");
    }

    @Test
    void theDemoCommandExplainsItselfAndRefusesANegativeThreshold() {
        KeysCommandTest.Run help = CallPromptsTest.run("", "demo", "agents", "--help");
        assertThat(help.out()).contains("billing").contains("compliance").contains("--threshold");
        KeysCommandTest.Run bad = CallPromptsTest.run("", "demo", "agents", "--threshold", "-5");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("--threshold must not be negative");
    }
}
