package dev.switchboard.protocol.jsonrpc;

/**
 * One JSON-RPC 2.0 message. JSON-RPC is frozen, so the envelope is sealed: a request, a
 * notification, or a response (result or error).
 */
public sealed interface Message permits Request, Notification, Response {
}
