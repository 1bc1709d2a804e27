package dev.switchboard.policy;

import dev.cel.runtime.CelAttributePattern;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import dev.cel.runtime.UnknownContext;
import dev.switchboard.policy.internal.Glob;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule ready to run: its globs parsed and its condition compiled to a CEL program. Immutable and
 * shared by every thread.
 *
 * @param rule      the rule as written
 * @param servers   its server globs
 * @param tools     its target globs
 * @param methods   its method globs
 * @param program   the checked condition
 */
record CompiledRule(Rule rule, List<Glob> servers, List<Glob> tools, List<Glob> methods, CelRuntime.Program program) {
    private static final List<CelAttributePattern> UNKNOWN_ARGS = List.of(CelAttributePattern.fromQualifiedIdentifier("args"));

    /** Null when {@code match} selects the call; otherwise which part did not. */
    /** True when the rule's match selects this call (the fast path; {@link #unselected} says why not). */
    boolean selects(String server, String method, String target) {
        return Glob.any(methods, method) && Glob.any(servers, server) && Glob.any(tools, target);
    }

    String unselected(String server, String method, String target) {
        if (!Glob.any(methods, method)) {
            return "method " + method + " is not in " + rule.methods();
        }
        if (!Glob.any(servers, server)) {
            return "server " + server + " is not in " + rule.servers();
        }
        if (!Glob.any(tools, target)) {
            return "\"" + target + "\" is not in " + rule.tools();
        }
        return null;
    }

    /** The condition's value for these variables. */
    boolean test(Map<String, Object> vars) throws CelEvaluationException {
        // The checker guarantees a bool result, so the cast cannot fail. A resolver over the shared
        // map: eval(Map) would copy the map for every rule.
        return (Boolean) program.eval((CelVariableResolver) name -> Optional.ofNullable(vars.get(name)));
    }

    /**
     * The condition's value whatever the arguments are: CEL evaluates with {@code args} unknown and
     * short-circuits where it can ({@code false && args.x > 1} is false). Null when the value
     * depends on the arguments.
     */
    Boolean testWithoutArgs(Map<String, Object> vars) throws CelEvaluationException {
        Object value = program.advanceEvaluation(UnknownContext.create(name -> Optional.ofNullable(vars.get(name)), UNKNOWN_ARGS));
        return value instanceof Boolean b ? b : null;
    }
}
