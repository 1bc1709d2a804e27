package dev.switchboard.server;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Map;

/**
 * One {@code prompts/get}, as the handler sees it.
 *
 * @param context   the request's context
 * @param name      the prompt name
 * @param arguments the arguments (required ones already checked present)
 * @param responses answers to the previous round's input requests
 * @param state     state from the handler's last "input required", or null
 */
public record PromptGet(RequestContext context, String name, Map<String, String> arguments,
                        InputResponses responses, JsonObject state) {
}
