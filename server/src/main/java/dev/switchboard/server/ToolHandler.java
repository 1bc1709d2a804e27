package dev.switchboard.server;

import dev.switchboard.protocol.tools.CallToolResult;

/**
 * Runs a tool. Blocks as long as it needs (it runs on its own virtual thread) and returns the
 * result, or "input required".
 *
 * <p>Failure semantics: an exception thrown here becomes a tool result with {@code isError: true}
 * carrying the exception's message, because tool failures are results the model can read. Throw
 * {@link dev.switchboard.protocol.jsonrpc.McpException} for a protocol error instead.
 */
@FunctionalInterface
public interface ToolHandler {

    /** Handles one call. */
    Outcome<CallToolResult> call(ToolCall call) throws Exception;

    /** Adapts a handler that always completes. */
    static ToolHandler of(Simple handler) {
        return call -> Outcome.complete(handler.call(call));
    }

    /** A handler without input rounds. */
    @FunctionalInterface
    interface Simple {
        /** Handles one call. */
        CallToolResult call(ToolCall call) throws Exception;
    }
}
