package dev.switchboard.client.internal;

import dev.switchboard.protocol.jsonrpc.RequestId;

import java.util.concurrent.atomic.AtomicLong;

/** Request ids of one client: integers from 1, never reused (MRTR retries get new ones). */
public final class Ids {
    private final AtomicLong next = new AtomicLong();

    /** Ids from 1. */
    public Ids() {
    }

    /** The next id. */
    public RequestId next() {
        return RequestId.of(next.incrementAndGet());
    }
}
