package dev.switchboard.client;

import dev.switchboard.client.internal.HttpTransport;

import java.time.Duration;

/**
 * One HTTP connection pool (and its threads) shared by many {@link McpClient}s, for a process that
 * talks to many servers or opens many clients (a gateway, a crawler):
 *
 * <pre>{@code
 * try (ClientConnections pool = ClientConnections.create()) {
 *     McpClient a = McpClient.builder(uriA).connections(pool).build();
 *     McpClient b = McpClient.builder(uriB).connections(pool).build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Closing a client leaves the pool open; close the pool after its clients. Thread-safe.
 */
public final class ClientConnections implements AutoCloseable {
    private final HttpTransport transport;

    private ClientConnections(HttpTransport transport) {
        this.transport = transport;
    }

    /** A pool with a 10 s connect timeout. */
    public static ClientConnections create() {
        return create(Duration.ofSeconds(10));
    }

    /** A pool whose connections must be established within {@code connectTimeout}. */
    public static ClientConnections create(Duration connectTimeout) {
        return new ClientConnections(new HttpTransport(connectTimeout, "switchboard-client/" + McpClient.VERSION));
    }

    HttpTransport transport() {
        return transport;
    }

    /** Closes every connection; clients using the pool fail from then on. */
    @Override
    public void close() {
        transport.close();
    }
}
