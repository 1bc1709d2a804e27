package dev.switchboard.client.internal;

import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Request;

import java.net.URI;
import java.util.Map;

/**
 * How the connections reach the server: one request out and its response back (with the
 * notifications and server requests that precede it), one message out, and ending a session.
 * {@link Exchanger} does it over Streamable HTTP, {@link StdioChannel} over a child process's
 * stdin and stdout (where headers mean nothing and every answer counts as HTTP 200).
 */
public interface Channel {
    /** The endpoint, for messages ({@code stdio:<program>} for a child process). */
    URI endpoint();

    /**
     * Sends {@code request} and returns its response, passing what arrives before it to {@code handler}.
     *
     * @throws dev.switchboard.client.McpClientException for transport failures, a stopped call, or an invalid answer
     */
    PostResult post(Request request, Map<String, String> headers, CallControl control, StreamHandler handler);

    /** Sends a notification or a response and returns the status (200 on stdio). */
    int send(Message message, Map<String, String> headers, CallControl control);

    /** Ends a session-era session (HTTP DELETE; a no-op on stdio) and returns the status. */
    int delete(Map<String, String> headers, CallControl control);

    /**
     * Session era: holds open the stream of what the server sends outside any call (HTTP: the
     * session's GET stream; stdio: its stdout, whose messages for no call come here), running
     * {@code opened} once it is open and passing what arrives to {@code handler}, on this thread,
     * until it ends.
     *
     * @return the HTTP status: 2xx when an open stream ended, else the refusal (stdio never returns)
     * @throws dev.switchboard.client.McpClientException when it broke or {@code control} stopped it
     */
    int stream(Map<String, String> headers, CallControl control, Runnable opened, StreamHandler handler);

    /** True once the channel can carry nothing more (a stdio server that exited); HTTP never ends. */
    default boolean ended() {
        return false;
    }

    /**
     * True when the channel itself tells the server about a request the client gave up on
     * ({@code notifications/cancelled} on stdio); HTTP leaves it to the session-era connection.
     */
    default boolean cancelsStoppedRequests() {
        return false;
    }

    /**
     * True when any answer to the era probe other than a modern {@code server/discover} result means
     * the session era (stdio, where there are no HTTP statuses to tell answers apart).
     */
    default boolean fallsBackOnAnyProbeAnswer() {
        return false;
    }
}
