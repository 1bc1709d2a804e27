package dev.switchboard.client;

import dev.switchboard.protocol.sampling.CreateMessageRequest;
import dev.switchboard.protocol.sampling.CreateMessageResult;

/**
 * Answers a server's {@code sampling/createMessage}: run the client's LLM on the given messages.
 * Runs on the calling thread and may block; the call's timeout is paused meanwhile. Registering a
 * handler declares the {@code sampling} capability (see {@link ElicitationHandler} for how the two
 * eras deliver the request).
 */
@FunctionalInterface
public interface SamplingHandler {
    /**
     * Samples the model.
     *
     * @param request the messages and sampling preferences
     * @return the model's message
     * @throws Exception to fail the call (modern) or answer the server with an error (session era)
     */
    CreateMessageResult createMessage(CreateMessageRequest request) throws Exception;
}
