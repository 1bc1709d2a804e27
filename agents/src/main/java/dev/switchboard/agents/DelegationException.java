package dev.switchboard.agents;

/**
 * A delegation that did not produce a result: the peer refused it (rule, token, chain), failed,
 * or its task was cancelled or lost. Thrown from {@link SkillContext#delegate}; left uncaught it
 * ends the skill with an error result carrying the message.
 */
public final class DelegationException extends RuntimeException {
    private final String peer;
    private final String tool;

    public DelegationException(String peer, String tool, String message, Throwable cause) {
        super(peer + " " + tool + ": " + message, cause);
        this.peer = peer;
        this.tool = tool;
    }

    /** The agent delegated to. */
    public String peer() {
        return peer;
    }

    /** The skill called there. */
    public String tool() {
        return tool;
    }
}
