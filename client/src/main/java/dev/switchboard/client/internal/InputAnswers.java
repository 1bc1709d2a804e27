package dev.switchboard.client.internal;

import dev.switchboard.client.ElicitationHandler;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.client.RootsHandler;
import dev.switchboard.client.SamplingHandler;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.roots.ListRootsRequest;
import dev.switchboard.protocol.sampling.CreateMessageRequest;

import java.util.Map;

/**
 * Runs the client's input handlers for what a server asks: MRTR input requests (2026-07-28) and
 * server-to-client requests (session era). The call's clock is paused while a handler runs.
 *
 * @param elicitation answers {@code elicitation/create}, or null
 * @param sampling    answers {@code sampling/createMessage}, or null
 * @param roots       answers {@code roots/list}, or null
 */
public record InputAnswers(ElicitationHandler elicitation, SamplingHandler sampling, RootsHandler roots) {

    /**
     * The {@code inputResponses} object answering {@code requests}, same keys.
     *
     * @throws McpClientException {@link Kind#INPUT} when a handler is missing or fails
     */
    public JsonObject answerAll(Map<String, InputRequest> requests, CallControl control) {
        JsonObject.Builder out = JsonObject.builder();
        if (requests == null) {
            return out.build(); // "retry now" with state only
        }
        for (var e : requests.entrySet()) {
            try {
                out.put(e.getKey(), answer(e.getValue(), control));
            } catch (Unanswerable u) {
                throw new McpClientException(Kind.INPUT, "Cannot answer input request \"" + e.getKey() + "\" of "
                        + control.method() + ": " + u.getMessage(), 0, u.getCause());
            }
        }
        return out.build();
    }

    /**
     * The response to a session-era server-to-client request: the handler's result, or a JSON-RPC
     * error when there is no handler, the params are invalid or the handler fails.
     */
    public Response answer(Request request, CallControl control) {
        InputRequest input;
        try {
            input = switch (request.method()) {
                case Methods.PING -> null;
                case Methods.ELICITATION_CREATE -> InputRequest.elicit(
                        Codec.decode(request.params(), ElicitRequest.class, "params"));
                case Methods.SAMPLING_CREATE_MESSAGE -> InputRequest.sample(
                        Codec.decode(request.params(), CreateMessageRequest.class, "params"));
                case Methods.ROOTS_LIST -> new InputRequest.RootsListing(
                        Codec.decode(request.params(), ListRootsRequest.class, "params"));
                default -> new InputRequest.Unknown(request.method(), request.params());
            };
        } catch (McpException e) {
            return new Response.Failure(request.id(), e.toError());
        }
        if (input == null) {
            return new Response.Success(request.id(), JsonObject.EMPTY);
        }
        try {
            return new Response.Success(request.id(), answer(input, control));
        } catch (Unanswerable u) {
            int code = u.getCause() == null ? ErrorCode.METHOD_NOT_FOUND : ErrorCode.INTERNAL_ERROR;
            return new Response.Failure(request.id(), new JsonRpcError(code, u.getMessage(), null));
        }
    }

    private JsonObject answer(InputRequest request, CallControl control) throws Unanswerable {
        Object result;
        control.pause();
        try {
            result = switch (request) {
                case InputRequest.Elicitation e -> {
                    require(elicitation, "ElicitationHandler", "elicitation", request.method());
                    yield elicitation.elicit(e.request());
                }
                case InputRequest.Sampling s -> {
                    require(sampling, "SamplingHandler", "sampling", request.method());
                    yield sampling.createMessage(s.request());
                }
                case InputRequest.RootsListing r -> {
                    require(roots, "RootsHandler", "roots", request.method());
                    yield roots.listRoots(r.request());
                }
                default -> throw new Unanswerable("the client does not know the method " + request.method(), null);
            };
        } catch (Unanswerable u) {
            throw u;
        } catch (Exception e) {
            throw new Unanswerable("the handler for " + request.method() + " failed: " + e, e);
        } finally {
            control.resume();
        }
        if (result == null) {
            throw new Unanswerable("the handler for " + request.method() + " returned null", new NullPointerException());
        }
        return Codec.encode(result);
    }

    private static void require(Object handler, String type, String setting, String method) throws Unanswerable {
        if (handler == null) {
            throw new Unanswerable("the server asked for " + method + " but no " + type + " is registered (McpClient.Builder."
                    + setting + "(...))", null);
        }
    }

    /** An input request the client cannot answer; the cause is set when a handler failed. */
    private static final class Unanswerable extends Exception {
        Unanswerable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
