package dev.switchboard.client;

import dev.switchboard.protocol.mrtr.InputRequiredResult;

import java.util.Objects;

/**
 * What one round of an MRTR request ({@link McpClient#callToolRound}, {@link McpClient#callToolRoundAsTask},
 * {@link McpClient#getPromptRound}, {@link McpClient#readResourceRound}) came back with: the complete result, or the server's
 * {@code input_required} left unanswered for the caller to relay.
 *
 * <pre>{@code
 * switch (client.callToolRound(request, CallOptions.DEFAULT)) {
 *     case InputRound.Complete<CallToolResult> c -> show(c.result());
 *     case InputRound.InputRequired<CallToolResult> ir -> relay(ir.needed()); // retry later with the answers
 * }
 * }</pre>
 *
 * @param <R> the method's result type
 */
public sealed interface InputRound<R> permits InputRound.Complete, InputRound.InputRequired {

    /**
     * The server answered.
     *
     * @param result the method's result; a failed tool has {@code isError} set
     */
    record Complete<R>(R result) implements InputRound<R> {
        /** Validates the required member. */
        public Complete {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The server needs input (MCP 2026-07-28 only). Retry the same request with
     * {@code inputResponses} answering {@link InputRequiredResult#inputRequests() its requests}
     * (same keys) and its {@link InputRequiredResult#requestState() requestState} unchanged.
     *
     * @param needed the server's {@code InputRequiredResult}
     */
    record InputRequired<R>(InputRequiredResult needed) implements InputRound<R> {
        /** Validates the required member. */
        public InputRequired {
            Objects.requireNonNull(needed, "needed");
        }
    }
}
