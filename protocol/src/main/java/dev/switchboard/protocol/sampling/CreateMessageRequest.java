package dev.switchboard.protocol.sampling;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.Tool;

import java.util.List;

/**
 * Params of {@code sampling/createMessage}: the server asks the client to run its LLM. In
 * 2026-07-28 it travels inside an MRTR input request. Deprecated feature, still functional.
 *
 * @param messages         the conversation; required
 * @param modelPreferences model preferences, or null
 * @param systemPrompt     system prompt, or null
 * @param includeContext   {@code none}, {@code thisServer} or {@code allServers} (deprecated), or null
 * @param temperature      sampling temperature, or null
 * @param maxTokens        maximum tokens to generate
 * @param stopSequences    stop sequences, or null
 * @param metadata         provider-specific metadata, or null
 * @param tools            tools the model may use (needs {@code sampling.tools}), or null
 * @param toolChoice       tool-choice settings, e.g. {@code {"mode":"auto"}}, or null
 * @param meta             {@code _meta}, or null
 */
public record CreateMessageRequest(List<SamplingMessage> messages, ModelPreferences modelPreferences,
                                   String systemPrompt, String includeContext, Double temperature, long maxTokens,
                                   List<String> stopSequences, JsonObject metadata, List<Tool> tools,
                                   JsonObject toolChoice, JsonObject meta) {
    /** Validates the required members. */
    public CreateMessageRequest {
        messages = Copies.requiredList(messages, "messages");
        stopSequences = Copies.list(stopSequences, "stopSequences");
        tools = Copies.list(tools, "tools");
    }

    /** A request with only messages and a token limit. */
    public static CreateMessageRequest of(long maxTokens, SamplingMessage... messages) {
        return new CreateMessageRequest(List.of(messages), null, null, null, null, maxTokens,
                null, null, null, null, null);
    }
}
