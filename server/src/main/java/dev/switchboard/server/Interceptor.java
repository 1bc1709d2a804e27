package dev.switchboard.server;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Request;

/**
 * Wraps request handling: authentication, policy, audit and metrics are interceptors, run in the
 * order they were added, outermost first. An interceptor may inspect the request and context,
 * short-circuit by throwing {@link dev.switchboard.protocol.jsonrpc.McpException} or returning its
 * own result, or call {@link Chain#proceed()} and look at (or replace) the result. It runs on the
 * request's thread and may block.
 */
@FunctionalInterface
public interface Interceptor {

    /** Handles the request, usually by calling {@code chain.proceed()}. */
    JsonObject intercept(Chain chain) throws Exception;

    /** The rest of the chain. */
    interface Chain {
        /** The request being handled. */
        Request request();

        /** Its context. */
        RequestContext context();

        /** Runs the next interceptor, or the method handler; returns the encoded result. */
        JsonObject proceed() throws Exception;

        /**
         * Runs the rest of the chain on {@code request} instead: for an interceptor that consumes
         * part of the params (its own {@code requestState} and {@code inputResponses} on an MRTR
         * retry) before the handler sees them. The method must stay the same, and the context is
         * not changed.
         *
         * @throws IllegalArgumentException when {@code request} is for another method or id
         */
        JsonObject proceed(Request request) throws Exception;
    }
}
