package dev.switchboard.server.internal;

import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.server.InputResponses;

import java.util.Map;

/**
 * Gets a handler's input requests answered within the request (session era): the runtime sends
 * them as server-to-client requests and waits for the replies, instead of returning
 * {@code input_required} to the client as 2026-07-28 does.
 */
public interface InputBridge {

    /**
     * Asks every request and waits, bounded, for all answers.
     *
     * @throws dev.switchboard.protocol.jsonrpc.McpException when the client cannot be asked, answers
     *                                                       with an error, or does not answer in time
     */
    InputResponses ask(Map<String, InputRequest> requests) throws InterruptedException;
}
