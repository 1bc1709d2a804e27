package dev.switchboard.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.switchboard.policy.internal.Glob;

import java.util.List;
import java.util.Map;

/**
 * A rule ready to run: its globs parsed and its condition compiled to a CEL program. Immutable and
 * shared by every thread.
 *
 * @param rule      the rule as written
 * @param servers   its server globs
 * @param tools     its target globs
 * @param methods   its method globs
 * @param program   the checked condition
 * @param readsArgs true when the condition mentions {@code args} (decides tools/list visibility)
 */
record CompiledRule(Rule rule, List<Glob> servers, List<Glob> tools, List<Glob> methods, CelRuntime.Program program,
                    boolean readsArgs) {

    /** Null when {@code match} selects the call; otherwise which part did not. */
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
        // The checker guarantees a bool result, so the cast cannot fail.
        return (Boolean) program.eval(vars);
    }
}
