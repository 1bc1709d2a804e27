package dev.switchboard.agents.internal;

import dev.switchboard.protocol.mrtr.InputRequest;

import java.util.Map;

/**
 * Unwinds a skill that needs input it does not have yet (the agent turns it into the task's
 * {@code input_required}), or, with no requests, that wants its state checkpointed before it goes
 * on (the runtime stores it and runs the skill again at once). Not an error, so no stack trace.
 */
public final class Suspension extends RuntimeException {
    private final transient Map<String, InputRequest> requests;

    public Suspension(Map<String, InputRequest> requests) {
        super("input required: " + requests.keySet(), null, false, false);
        this.requests = Map.copyOf(requests);
    }

    public Map<String, InputRequest> requests() {
        return requests;
    }
}
