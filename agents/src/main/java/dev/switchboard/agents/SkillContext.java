package dev.switchboard.agents;

import dev.switchboard.agents.internal.Suspension;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.server.Principal;
import dev.switchboard.server.ToolCall;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a skill sees: its arguments, its caller, and the two ways to get what it does not have:
 * asking the human ({@link #elicit}) and asking another agent ({@link #delegate}).
 */
public final class SkillContext {
    private static final String DELEGATIONS = "delegations";

    private final ToolCall call;
    private final Delegator delegator;
    private final Map<String, String> delegations = new LinkedHashMap<>();
    private final Map<String, Integer> occurrences = new HashMap<>();

    SkillContext(ToolCall call, Delegator delegator) {
        this.call = call;
        this.delegator = delegator;
        JsonObject state = call.state() == null ? null : call.state().getObject(DELEGATIONS);
        if (state != null) {
            state.members().forEach((slot, id) -> {
                if (id instanceof JsonString s) {
                    delegations.put(slot, s.value());
                }
            });
        }
    }

    /** The arguments, valid against the skill's input schema. */
    public JsonObject arguments() {
        return call.arguments();
    }

    /** Who called: the user and the agents acting for them, as verified from the delegation token. */
    public Principal caller() {
        return call.context().principal();
    }

    /** The id of the task this skill runs in. */
    public String taskId() {
        return call.task().taskId();
    }

    /** Shows {@code message} as the task's status to whoever polls it. */
    public void status(String message) {
        call.task().statusMessage(message);
    }

    /**
     * The human's answer to {@code request}: returns it when it has arrived, otherwise suspends
     * the skill (its task goes {@code input_required}) until it does.
     *
     * @param key names this question, unique within the skill's run
     */
    public ElicitResult elicit(String key, ElicitRequest request) {
        ElicitResult answer = call.responses().elicitation(key);
        if (answer != null) {
            return answer;
        }
        throw new Suspension(Map.of(key, InputRequest.elicit(request)));
    }

    /**
     * Calls {@code tool} on the agent {@code peer} as a task, with a token that carries this
     * skill's caller plus this agent as the new outermost actor, for that tool only. Blocks until
     * the peer's task ends. Input the peer's task asks for surfaces as this skill's own
     * {@code input_required} (keys prefixed {@code <peer>/<task>/}) and the answers go back down.
     * Cancelling this skill's task cancels the peer's.
     *
     * @return the peer's result; an error result of the peer's tool is returned, not thrown
     * @throws DelegationException when the peer refuses, fails, or cancels
     */
    public CallToolResult delegate(String peer, String tool, JsonObject arguments) {
        String slot = peer + "/" + tool + "#" + occurrences.merge(peer + "/" + tool, 1, Integer::sum);
        return delegator.delegate(this, slot, peer, tool, arguments);
    }

    // ---- for the delegator -------------------------------------------------------------------

    /** The callee task of {@code slot}, when it was created in an earlier round. */
    String delegation(String slot) {
        return delegations.get(slot);
    }

    /** Remembers {@code slot}'s callee task, so the next round waits for it instead of delegating again. */
    void delegated(String slot, String calleeTaskId) {
        delegations.put(slot, calleeTaskId);
    }

    /** The call, with the answers received so far. */
    ToolCall call() {
        return call;
    }

    /** The state to resume with. */
    JsonObject state() {
        JsonObject.Builder d = JsonObject.builder();
        delegations.forEach((slot, id) -> d.put(slot, Json.of(id)));
        return JsonObject.of(DELEGATIONS, d.build());
    }
}
