package dev.switchboard.client.internal;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;

import java.util.Set;
import java.util.function.Supplier;

/**
 * The session era, which has no {@code subscriptions/listen}: each attempt subscribes to the
 * wanted resources ({@code resources/subscribe}; again every time, since the session may be new)
 * and then holds the session's GET stream, or on stdio waits on the server's stdout, where list
 * changes and resource updates arrive untagged. It is open as soon as the stream is.
 */
final class SessionStreamFeed implements ListenFeed {
    private final LegacyConnection connection;
    private final Supplier<Set<String>> uris;

    /** A feed on {@code connection} subscribing to what {@code uris} gives at each attempt. */
    SessionStreamFeed(LegacyConnection connection, Supplier<Set<String>> uris) {
        this.connection = connection;
        this.uris = uris;
    }

    @Override
    public void run(CallControl control, Sink sink) {
        for (String uri : uris.get()) {
            connection.subscription(Methods.RESOURCES_SUBSCRIBE, uri, control);
        }
        // each subscriber has its own honoured filter (SessionListeners); the stream has none
        connection.stream(control, () -> sink.opened(SubscriptionFilter.NONE), sink::notification);
    }
}
