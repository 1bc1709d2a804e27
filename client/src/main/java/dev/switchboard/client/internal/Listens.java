package dev.switchboard.client.internal;

import dev.switchboard.client.ListenListener;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.client.Subscription;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenRequest;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions of one client, in the era it negotiated: on 2026-07-28 each is its own
 * {@code subscriptions/listen} stream ({@link ModernListenFeed}); in the session era all share the
 * session's stream ({@link SessionListeners}). Closing the client closes them all.
 */
public final class Listens implements AutoCloseable {
    private final ClientSettings settings;
    private final Channel channel;
    private final Timer timer;
    private final ResultCache cache;
    private final Backoff backoff;
    private final Set<ListenLoop> loops = ConcurrentHashMap.newKeySet();
    private SessionListeners session; // guarded by this
    private volatile boolean closed;

    /**
     * The subscriptions of a client.
     *
     * @param cache   invalidated by what they deliver, or null
     * @param backoff delays between reconnection attempts
     */
    public Listens(ClientSettings settings, Channel channel, Timer timer, ResultCache cache, Backoff backoff) {
        this.settings = settings;
        this.channel = channel;
        this.timer = timer;
        this.cache = cache;
        this.backoff = backoff;
    }

    /**
     * Opens a subscription on {@code connection} and returns once the server acknowledged it.
     *
     * @throws McpClientException when it could not be opened
     */
    public Subscription listen(Connection connection, SubscriptionsListenRequest request, ListenListener listener) {
        if (closed) {
            throw new McpClientException(Kind.CLOSED, "The client for " + settings.endpoint() + " is closed");
        }
        if (connection instanceof LegacyConnection legacy) {
            return session(legacy).add(request.notifications(), listener);
        }
        return open((ModernConnection) connection, request, listener, cache);
    }

    /**
     * Opens a stream of {@code notifications/tasks} for {@code taskIds} on a 2026-07-28
     * connection, for the client's own task waits ({@link TaskPush}): like {@link #listen}, except
     * that it leaves the result cache alone, which task changes do not touch.
     *
     * @throws McpClientException when it could not be opened
     */
    public Subscription listenForTasks(Connection connection, List<String> taskIds, ListenListener listener) {
        if (closed) {
            throw new McpClientException(Kind.CLOSED, "The client for " + settings.endpoint() + " is closed");
        }
        SubscriptionsListenRequest request = SubscriptionsListenRequest.of(
                new SubscriptionFilter(null, null, null, null, taskIds));
        return open((ModernConnection) connection, request, listener, null);
    }

    private Subscription open(ModernConnection connection, SubscriptionsListenRequest request, ListenListener listener,
                              ResultCache cache) {
        ListenLoop[] self = new ListenLoop[1];
        ListenLoop loop = new ListenLoop(new ModernListenFeed(connection, Codec.encode(request)),
                listener, backoff, timer, settings.timeout(), cache, channel, () -> loops.remove(self[0]));
        self[0] = loop;
        loops.add(loop);
        if (closed) {
            loop.close();
        }
        loop.start();
        return loop;
    }

    private synchronized SessionListeners session(LegacyConnection legacy) {
        if (session == null) {
            session = new SessionListeners(legacy, channel.endpoint(), hub -> new ListenLoop(hub.feed(), hub, backoff,
                    timer, settings.timeout(), cache, channel, () -> { }), timer, settings.timeout());
        }
        return session;
    }

    /** Closes every subscription (their listeners hear {@code onClosed(null)}) and refuses new ones. */
    @Override
    public void close() {
        closed = true;
        loops.forEach(ListenLoop::close);
        SessionListeners s;
        synchronized (this) {
            s = session;
        }
        if (s != null) {
            s.closeAll();
        }
    }
}
