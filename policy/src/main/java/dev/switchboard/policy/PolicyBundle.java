package dev.switchboard.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.switchboard.policy.internal.Activation;
import dev.switchboard.policy.internal.CelEnvironment;
import dev.switchboard.policy.internal.Glob;
import dev.switchboard.protocol.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded, type-checked bundle. Immutable and thread-safe: every condition is compiled once, at
 * load.
 *
 * <p>Per-call cost of {@link #evaluate}: one variable map (the principal's fields and the
 * arguments converted to CEL values, linear in the size of the arguments), then a glob test on
 * method, server and target for each rule that can select the target (rules naming other tools
 * exactly are skipped through an index built at load), and for the rules those select one
 * interpretation of an already checked CEL program. No parsing, checking, reflection or regex
 * compilation happens per call.
 */
public final class PolicyBundle {
    private final Path file;
    private final String hash;
    private final List<CompiledRule> rules;
    /** The rules whose tool globs all lack wildcards do not concern other targets: by target name, the rules that can select it. */
    private final Map<String, List<CompiledRule>> byTarget;
    /** The rules that can select a target none of them names exactly: those with a wildcard tool glob. */
    private final List<CompiledRule> anyTarget;

    PolicyBundle(Path file, String hash, List<CompiledRule> rules) {
        this.file = file;
        this.hash = hash;
        this.rules = List.copyOf(rules);
        List<CompiledRule> wild = new ArrayList<>();
        Map<String, List<CompiledRule>> index = new java.util.HashMap<>();
        for (CompiledRule r : this.rules) {
            if (!r.tools().stream().allMatch(Glob::isLiteral)) {
                wild.add(r);
                index.values().forEach(l -> l.add(r)); // a wildcard rule can select every name, in file order
                continue;
            }
            for (Glob g : r.tools()) {
                index.computeIfAbsent(g.pattern(), name -> new ArrayList<>(wild)).add(r);
            }
        }
        this.anyTarget = List.copyOf(wild);
        index.replaceAll((name, l) -> List.copyOf(new LinkedHashSet<>(l))); // a rule naming a tool twice is tested once
        this.byTarget = Map.copyOf(index);
    }

    /** The rules that can select {@code target}, in file order; every other rule's match names other tools. */
    private List<CompiledRule> candidates(String target) {
        return target == null ? rules : byTarget.getOrDefault(target, anyTarget);
    }

    /**
     * Reads, validates and compiles {@code file}.
     *
     * @throws PolicyException naming the file, line and rule of every problem (YAML, schema, CEL
     *                         syntax or type)
     */
    public static PolicyBundle load(Path file) {
        return BundleCompiler.compile(file);
    }

    /**
     * Validates and compiles {@code text}, a bundle read from {@code file} elsewhere (a published
     * bundle): problems name {@code file}, which need not exist here.
     *
     * @throws PolicyException as {@link #load}
     */
    public static PolicyBundle parse(Path file, String text) {
        return BundleCompiler.compile(file, java.util.Objects.requireNonNull(text, "text"));
    }

    /** The file it was read from. */
    public Path file() {
        return file;
    }

    /** {@code sha256:} and the hex SHA-256 of the bundle's canonical JSON form. */
    public String hash() {
        return hash;
    }

    /** The rules, in file order. */
    public List<Rule> rules() {
        return rules.stream().map(CompiledRule::rule).toList();
    }

    /** Decides {@code request}. */
    public Decision evaluate(PolicyRequest request) {
        return decide(request, null);
    }

    /** Decides {@code request} and says, for every rule, why it matched or not. */
    public Explanation explain(PolicyRequest request) {
        List<RuleTrace> trace = new ArrayList<>(rules.size());
        Decision decision = decide(request, trace);
        return new Explanation(decision, trace);
    }

    /**
     * False when the principal can never make this call, whatever its arguments: the listing
     * filter. {@code request}'s arguments are ignored. Decided per enforced rule that
     * {@code match} selects:
     *
     * CEL evaluates the rule's condition with every variable known except {@code args}, which is
     * unknown. When the value does not depend on the arguments ({@code "finance" in principal.scopes
     * && args.amount > 1000} for a principal without that scope is false, whatever the amount) it
     * is definite; otherwise the rule may or may not match, depending on the arguments.
     *
     * The call is impossible when a deny rule definitely matches, or when no allow or
     * require_approval rule definitely or possibly matches. Shadow rules are not consulted. Time
     * conditions are judged at {@code request.time()}, so a tool allowed only in office hours is
     * listed only then.
     */
    public boolean mayCall(PolicyRequest request) {
        PolicyRequest noArgs = new PolicyRequest(request.principal(), request.server(), request.method(),
                request.target(), JsonObject.EMPTY, request.time(), request.clientAddress(), request.protocolVersion());
        Map<String, Object> vars = null;
        boolean opened = false;
        for (CompiledRule r : candidates(request.target())) {
            Rule rule = r.rule();
            if (rule.shadow() || rule.effect() == Effect.REDACT
                    || !r.selects(request.server(), request.method(), request.target())) {
                continue;
            }
            boolean granting = rule.effect() != Effect.DENY;
            if (vars == null) {
                vars = Activation.of(noArgs);
                vars.remove(CelEnvironment.ARGS);
            }
            Boolean matched;
            try {
                matched = r.testWithoutArgs(vars);
            } catch (CelEvaluationException e) {
                matched = !granting; // as in decide: an error never grants, and a failing deny denies
            }
            if (matched == null) {
                opened |= granting; // some arguments could make it match; a deny could be avoided
                continue;
            }
            if (matched && !granting) {
                return false;
            }
            opened |= matched && granting;
        }
        return opened;
    }

    private Decision decide(PolicyRequest request, List<RuleTrace> trace) {
        long start = System.nanoTime();
        Map<String, Object> vars = null;
        Combiner enforced = new Combiner();
        Combiner withShadow = new Combiner();
        List<String> shadowMatched = new ArrayList<>(0);
        Map<String, String> errors = new LinkedHashMap<>(0);
        for (CompiledRule r : trace == null ? candidates(request.target()) : rules) { // an explanation lists every rule
            Rule rule = r.rule();
            if (!r.selects(request.server(), request.method(), request.target())) {
                if (trace != null) {
                    trace.add(new RuleTrace(rule, RuleTrace.Outcome.NOT_SELECTED,
                            r.unselected(request.server(), request.method(), request.target())));
                }
                continue;
            }
            if (vars == null) {
                vars = Activation.of(request);
            }
            boolean matched;
            try {
                matched = r.test(vars);
                if (trace != null) { // the explanation only when one is asked for: decisions are on every call's path
                    trace.add(new RuleTrace(rule, matched ? RuleTrace.Outcome.MATCHED : RuleTrace.Outcome.CONDITION_FALSE,
                            "when: " + rule.when() + (matched ? " is true" : " is false")));
                }
            } catch (CelEvaluationException e) {
                // Fail closed: an error counts as a match for rules that restrict, and as no match for allow.
                matched = rule.effect() != Effect.ALLOW;
                errors.put(rule.id(), e.getMessage());
                if (trace != null) {
                    trace.add(new RuleTrace(rule, RuleTrace.Outcome.ERROR, e.getMessage()
                            + (matched ? " (counted as a match: errors never open access)" : " (counted as no match)")));
                }
            }
            if (matched) {
                withShadow.add(rule);
                if (rule.shadow()) {
                    shadowMatched.add(rule.id());
                } else {
                    enforced.add(rule);
                }
            }
        }
        Combiner.Verdict verdict = enforced.verdict();
        Combiner.Verdict shadowVerdict = withShadow.verdict();
        Decision.Redaction redaction = verdict.effect() == Effect.ALLOW ? enforced.redaction() : Decision.Redaction.NONE;
        return new Decision(verdict.effect(), verdict.ruleId(), reason(verdict, request), enforced.matched(),
                new Decision.Shadow(shadowMatched, shadowVerdict.effect(), shadowVerdict.ruleId()), redaction, errors,
                hash, request.time(), System.nanoTime() - start,
                verdict.effect() == Effect.DENY ? List.of() : enforced.limits(), verdict.approvers());
    }

    private static String reason(Combiner.Verdict v, PolicyRequest request) {
        if (v.ruleId() == null) {
            return "no rule allows " + request.method() + " of \"" + request.target() + "\" for "
                    + request.principal().describe() + " (default deny)";
        }
        return switch (v.effect()) {
            case DENY -> "denied by rule " + v.ruleId() + ": " + v.reason();
            case REQUIRE_APPROVAL -> "approval required by rule " + v.ruleId() + (v.reason().isEmpty() ? "" : ": " + v.reason());
            case ALLOW -> "allowed by rule " + v.ruleId();
            case REDACT -> throw new IllegalStateException("redact never decides");
        };
    }

    /** Combines matches: the first deny wins, else the first approval, else the first allow, else default deny. */
    private static final class Combiner {
        private Rule deny;
        private Rule approval;
        private Rule allow;
        private final List<String> matched = new ArrayList<>(4);
        private List<Limit> limits = List.of();
        private Set<String> redactArgs;
        private Set<String> redactResult;

        record Verdict(Effect effect, String ruleId, String reason, List<String> approvers) {
        }

        void add(Rule rule) {
            matched.add(rule.id());
            if (rule.limit() != null) {
                if (limits.isEmpty()) {
                    limits = new ArrayList<>(2);
                }
                limits.add(rule.limit());
            }
            switch (rule.effect()) {
                case DENY -> deny = deny == null ? rule : deny;
                case REQUIRE_APPROVAL -> approval = approval == null ? rule : approval;
                case ALLOW -> allow = allow == null ? rule : allow;
                case REDACT -> {
                    if (redactArgs == null) {
                        redactArgs = new LinkedHashSet<>();
                        redactResult = new LinkedHashSet<>();
                    }
                    redactArgs.addAll(rule.redactArgs());
                    redactResult.addAll(rule.redactResult());
                }
            }
        }

        List<String> matched() {
            return matched;
        }

        List<Limit> limits() {
            return limits;
        }

        Decision.Redaction redaction() {
            return redactArgs == null ? Decision.Redaction.NONE
                    : new Decision.Redaction(List.copyOf(redactArgs), List.copyOf(redactResult));
        }

        Verdict verdict() {
            Rule r = deny != null ? deny : approval != null ? approval : allow;
            return r == null ? new Verdict(Effect.DENY, null, "", List.of()) : new Verdict(r.effect(), r.id(), r.reason(),
                    r.effect() == Effect.REQUIRE_APPROVAL ? r.approvers() : List.of());
        }
    }

    @Override
    public String toString() {
        return "PolicyBundle[" + file + ", " + hash + ", " + rules.size() + " rules]";
    }
}
