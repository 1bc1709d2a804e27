package dev.switchboard.client;

import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;

/**
 * Answers a server's {@code elicitation/create}: ask the user and return what they said.
 *
 * <p>The same handler serves both eras. In MCP 2026-07-28 the request arrives inside an
 * {@code input_required} result and the client retries the call with the answer (MRTR); in the
 * session era it arrives as a server-to-client request on the call's event stream and the answer
 * is posted back. Either way the handler runs on the thread that made the call and may block
 * (for as long as the user takes: the call's timeout is paused meanwhile).
 *
 * <p>Registering a handler declares the {@code elicitation} capability.
 */
@FunctionalInterface
public interface ElicitationHandler {
    /**
     * Asks the user.
     *
     * @param request what the server wants to know: a form ({@code requestedSchema}) or a URL to open
     * @return the user's answer: accept (with content for forms), decline or cancel
     * @throws Exception to fail the call (modern) or answer the server with an error (session era)
     */
    ElicitResult elicit(ElicitRequest request) throws Exception;
}
