package dev.switchboard.server;

import dev.switchboard.protocol.prompts.GetPromptResult;

/** Renders a prompt. Exceptions become {@code -32603} errors; throw {@code McpException} to choose. */
@FunctionalInterface
public interface PromptHandler {

    /** Renders the prompt, or asks for input. */
    Outcome<GetPromptResult> get(PromptGet get) throws Exception;

    /** Adapts a handler that always completes. */
    static PromptHandler of(Simple handler) {
        return get -> Outcome.complete(handler.get(get));
    }

    /** A handler without input rounds. */
    @FunctionalInterface
    interface Simple {
        /** Renders the prompt. */
        GetPromptResult get(PromptGet get) throws Exception;
    }
}
