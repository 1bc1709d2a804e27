package dev.switchboard.client.internal;

import java.io.InputStream;

/**
 * The head of an HTTP response and a blocking stream over its body. {@link #close()} releases the
 * exchange, aborting it when the body was not read to its end (how a client closes an SSE
 * stream early).
 */
public interface HttpReply extends AutoCloseable {
    /** The status code. */
    int status();

    /** A response header's value (case-insensitive name), or null. */
    String header(String name);

    /** The body; blocks; reads fail with an {@link java.io.IOException} when the request is aborted. */
    InputStream body();

    @Override
    void close();
}
