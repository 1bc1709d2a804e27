package dev.switchboard.server;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Map;

/**
 * One read of a resource, as the handler sees it.
 *
 * @param context   the request's context
 * @param uri       the URI asked for
 * @param variables values of the template's variables when served by a resource template, else empty
 * @param responses answers to the previous round's input requests
 * @param state     state from the handler's last "input required", or null
 */
public record ResourceRead(RequestContext context, String uri, Map<String, String> variables,
                           InputResponses responses, JsonObject state) {
}
