package dev.switchboard.auth;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which scopes a request needs: those every request needs, plus those of its method, plus, for
 * {@code tools/call}, those of the tool. Scopes are plain strings; a token needs all of them.
 *
 * @param always  scopes every request needs (e.g. {@code mcp})
 * @param methods scopes by JSON-RPC method (e.g. {@code tools/call → tools:call})
 * @param tools   scopes by tool name for {@code tools/call} (e.g. {@code refund → payments:write})
 */
public record ScopeRules(Set<String> always, Map<String, Set<String>> methods, Map<String, Set<String>> tools) {

    /** No scope needed anywhere: any valid token may do anything. */
    public static final ScopeRules NONE = new ScopeRules(Set.of(), Map.of(), Map.of());

    public ScopeRules {
        always = Set.copyOf(always);
        methods = Map.copyOf(methods);
        tools = Map.copyOf(tools);
    }

    /** Only scopes every request needs. */
    public static ScopeRules always(Set<String> scopes) {
        return new ScopeRules(scopes, Map.of(), Map.of());
    }

    /**
     * The scopes a request needs, sorted.
     *
     * @param method the JSON-RPC method, or null when not known yet (then only {@link #always})
     * @param tool   the tool of a {@code tools/call}, or null
     */
    public Set<String> required(String method, String tool) {
        Set<String> out = new TreeSet<>(always);
        if (method != null) {
            out.addAll(methods.getOrDefault(method, Set.of()));
            if (tool != null && method.equals("tools/call")) {
                out.addAll(tools.getOrDefault(tool, Set.of()));
            }
        }
        return out;
    }

    /** Every scope named anywhere in the rules, sorted: what metadata lists as {@code scopes_supported}. */
    public Set<String> all() {
        Set<String> out = new TreeSet<>(always);
        methods.values().forEach(out::addAll);
        tools.values().forEach(out::addAll);
        return out;
    }
}
