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

        /**
         * Answers the request here, in MRTR rounds run by the server, for an interceptor that
         * serves it without the method's handler (a gateway sending a task call upstream). The
         * server treats {@code round} as it treats a handler: a retry's {@code requestState} is
         * opened (tampered, expired, another principal's or another request's: -32602) and its
         * {@code inputResponses} checked against what was asked; an {@link Outcome#inputRequired}
         * comes back with its state sealed into {@code requestState}, once the caller is known to
         * have declared every capability its input requests need (-32021). In the session era the
         * server asks on the request's stream instead and runs the next round at once.
         *
         * @return the encoded result of the last round, or its {@code InputRequiredResult}
         */
        JsonObject answer(Round round) throws Exception;
    }

    /** One round of a request answered by an interceptor ({@link Chain#answer}). */
    @FunctionalInterface
    interface Round {
        /**
         * @param responses the caller's answers to the previous round's input requests ({@link InputResponses#NONE} at first)
         * @param state     the state the previous round returned, or null on the first round
         * @return the encoded result, or the input this round needs and the state the next round gets
         */
        Outcome<JsonObject> run(InputResponses responses, JsonObject state) throws Exception;
    }
}
