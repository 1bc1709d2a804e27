package dev.switchboard.agents;

import dev.switchboard.protocol.tools.CallToolResult;

/**
 * Runs a skill. It runs as a task, on its own virtual thread, and may block for as long as the
 * work takes.
 *
 * <p>A skill that needs input ({@link SkillContext#elicit}) or delegates to an agent that needs
 * input ({@link SkillContext#delegate}) is <em>suspended</em> and later <em>run again from the
 * top</em> with the answers, as MCP handlers are: code before those calls must be safe to repeat.
 * Delegations already made are not repeated; their results are found again.
 *
 * <p>An exception becomes a tool result with {@code isError: true} carrying its message.
 */
@FunctionalInterface
public interface SkillHandler {

    /** Does the work. */
    CallToolResult run(SkillContext context) throws Exception;
}
