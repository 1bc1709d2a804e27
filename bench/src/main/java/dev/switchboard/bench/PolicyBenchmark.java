package dev.switchboard.bench;

import dev.switchboard.policy.Decision;
import dev.switchboard.policy.PolicyEngine;
import dev.switchboard.policy.PolicyRequest;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.Principal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One policy decision for a {@code tools/call}: a bundle of {@code rules} rules, every one of which
 * matches the call ({@code match: {tools: ["*"]}}) and has a CEL condition over the principal and
 * the arguments, so each decision evaluates them all (the worst case); and a bundle where only the
 * rule of the called tool matches (the common case).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyBenchmark {
    @Param({"1", "10", "50"})
    int rules;

    PolicyEngine allMatch;
    PolicyEngine oneMatches;
    PolicyRequest call;

    /** Writes and loads both bundles (type-checked CEL, as a running server has them). */
    @Setup
    public void setUp() throws IOException {
        allMatch = PolicyEngine.load(bundle(rules, true));
        oneMatches = PolicyEngine.load(bundle(rules, false));
        Principal alice = new Principal("https://issuer.example", "alice", List.of("agent-b"), java.util.Set.of("tools:call"));
        call = PolicyRequest.toolCall(alice, "dev.switchboard/demo", "tool_0",
                JsonObject.of("amount", Json.of(250), "currency", Json.of("EUR"), "note", Json.of("invoice 42")));
    }

    private static Path bundle(int rules, boolean everyRuleMatches) throws IOException {
        StringBuilder y = new StringBuilder("rules:\n");
        for (int i = 0; i < rules; i++) {
            y.append("  - id: rule-").append(i).append('\n')
                    .append("    match: {tools: [\"").append(everyRuleMatches ? "*" : "tool_" + i).append("\"]}\n")
                    .append("    when: principal.subject == \"alice\" && args.amount < ").append(1000 + i)
                    .append(" && args.currency in [\"EUR\", \"USD\"]\n")
                    .append("    effect: allow\n");
        }
        Path file = Files.createTempFile("policy-bench-", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, y.toString());
        return file;
    }

    /** Every rule matches the call and its condition is evaluated. */
    @Benchmark
    public Decision everyRuleEvaluated() {
        return allMatch.evaluate(call);
    }

    /** Only the called tool's rule matches (the others are skipped by their match). */
    @Benchmark
    public Decision oneRuleMatches() {
        return oneMatches.evaluate(call);
    }
}
