package dev.switchboard.policy;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a bundle, as written (the compiled condition stays inside the bundle).
 *
 * @param id           unique within the bundle; named in decisions, errors and audit records
 * @param description  what the rule is for, or empty
 * @param shadow       true for {@code mode: shadow}: evaluated and reported, never deciding
 * @param servers      server globs the rule applies to ({@code *} when the bundle omits them)
 * @param tools        globs over the call's target: the tool name, the prompt name, or the resource URI
 * @param methods      method globs ({@code tools/call}, {@code prompts/get}, {@code resources/read})
 * @param when         the CEL condition ({@code true} when omitted)
 * @param effect       what a match does
 * @param reason       why, for deny and approval messages; empty when not given
 * @param redactArgs   argument paths withheld from the audit record (effect redact)
 * @param redactResult result paths masked in the result (effect redact), as JSON Pointers
 * @param location     where the rule is written, {@code file:line:column}
 * @param limit        the rate-limit obligation, or null (allow and require_approval rules only)
 * @param approvers    the groups whose members may approve (require_approval rules only); empty: the
 *                     approval page's configured approvers
 */
public record Rule(String id, String description, boolean shadow, List<String> servers, List<String> tools,
                   List<String> methods, String when, Effect effect, String reason, List<String> redactArgs,
                   List<String> redactResult, String location, Limit limit, List<String> approvers) {
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(effect, "effect");
        servers = List.copyOf(servers);
        tools = List.copyOf(tools);
        methods = List.copyOf(methods);
        redactArgs = List.copyOf(redactArgs);
        redactResult = List.copyOf(redactResult);
        approvers = List.copyOf(approvers);
    }

    /** {@code enforce} or {@code shadow}. */
    public String mode() {
        return shadow ? "shadow" : "enforce";
    }
}
