package dev.switchboard.server;

import dev.switchboard.protocol.completion.CompleteResult;

import java.util.Map;

/** Suggests values for one argument of a prompt or resource template. */
@FunctionalInterface
public interface CompletionHandler {

    /**
     * Completes {@code value} for {@code argument}.
     *
     * @param context   the request's context
     * @param argument  the argument being completed
     * @param value     what the user typed so far
     * @param arguments other arguments already given
     */
    CompleteResult.Completion complete(RequestContext context, String argument, String value,
                                       Map<String, String> arguments) throws Exception;
}
