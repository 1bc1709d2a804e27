package dev.switchboard.server;

import dev.switchboard.protocol.json.JsonObject;

/**
 * One invocation of a tool, as the handler sees it.
 *
 * @param context   the request's context (caller, progress, logging, cancellation)
 * @param name      the tool name
 * @param arguments the arguments, already valid against the tool's {@code inputSchema}
 * @param responses answers to the previous round's input requests ({@link InputResponses#NONE} first)
 * @param state     the state the handler returned with its last "input required", or null
 */
public record ToolCall(RequestContext context, String name, JsonObject arguments, InputResponses responses,
                       JsonObject state) {
}
