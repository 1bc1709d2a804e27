package dev.switchboard.server;

import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.sampling.CreateMessageResult;

import java.util.Map;
import java.util.Set;

/**
 * The client's answers to the input requests of the previous round, by key, already checked
 * against the request each key asked (a malformed answer never reaches a handler). Keys the
 * client sent that were never asked are dropped.
 *
 * @param answers answers by key: {@link ElicitResult}, {@link CreateMessageResult} or {@link ListRootsResult}
 */
public record InputResponses(Map<String, Object> answers) {
    /** No answers (first round). */
    public static final InputResponses NONE = new InputResponses(Map.of());

    /** Copies the answers. */
    public InputResponses {
        answers = Map.copyOf(answers);
    }

    /** True when there is an answer for {@code key}. */
    public boolean has(String key) {
        return answers.containsKey(key);
    }

    /** The keys answered. */
    public Set<String> keys() {
        return answers.keySet();
    }

    /** The elicitation answer for {@code key}, or null. */
    public ElicitResult elicitation(String key) {
        return answers.get(key) instanceof ElicitResult r ? r : null;
    }

    /** The sampling answer for {@code key}, or null. */
    public CreateMessageResult sampling(String key) {
        return answers.get(key) instanceof CreateMessageResult r ? r : null;
    }

    /** The roots answer for {@code key}, or null. */
    public ListRootsResult roots(String key) {
        return answers.get(key) instanceof ListRootsResult r ? r : null;
    }

    /** True for the first round. */
    public boolean isEmpty() {
        return answers.isEmpty();
    }
}
