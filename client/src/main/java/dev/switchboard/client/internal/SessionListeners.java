package dev.switchboard.client.internal;

import dev.switchboard.client.ListenListener;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.client.Subscription;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The session era's subscriptions. A session has one GET stream (servers refuse a second), so
 * every subscription of the client shares one {@link ListenLoop} over a {@link SessionStreamFeed},
 * started by the first and closed with the last; what arrives is filtered per subscriber, since
 * the stream carries every change. Resources are subscribed to while at least one subscriber
 * wants them ({@code resources/subscribe}, {@code resources/unsubscribe}). A subscriber's
 * honoured filter is what the server's capabilities allow ({@code listChanged},
 * {@code subscribe}); the era has no Tasks.
 */
final class SessionListeners implements ListenListener {
    private static final System.Logger LOG = System.getLogger(SessionListeners.class.getName());

    private final LegacyConnection connection;
    private final URI endpoint;
    private final Function<SessionListeners, ListenLoop> loops;
    private final Timer timer;
    private final Duration timeout;
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> uris = new HashMap<>();
    private ListenLoop loop; // guarded by this
    private volatile boolean closing;

    /**
     * Subscriptions over {@code connection}.
     *
     * @param endpoint the server, for messages
     * @param loops    makes the shared loop, whose listener is this
     * @param timeout  bounds opening, subscribing and unsubscribing
     */
    SessionListeners(LegacyConnection connection, URI endpoint, Function<SessionListeners, ListenLoop> loops,
                     Timer timer, Duration timeout) {
        this.connection = connection;
        this.endpoint = endpoint;
        this.loops = loops;
        this.timer = timer;
        this.timeout = timeout;
    }

    /** The feed of the shared loop: the session's stream, subscribing to every wanted resource. */
    ListenFeed feed() {
        return new SessionStreamFeed(connection, this::wantedUris);
    }

    /**
     * Adds a subscriber, starting the shared stream or joining it (subscribing to its new
     * resources now), and returns once the stream is open.
     */
    Subscription add(SubscriptionFilter requested, ListenListener listener) {
        Member m = new Member(honoured(requested, connection.serverCapabilities()), listener);
        List<String> fresh = new ArrayList<>();
        ListenLoop shared;
        boolean starting;
        synchronized (this) {
            for (String uri : m.filter.resourceSubscriptionsOrEmpty()) {
                if (uris.merge(uri, 1, Integer::sum) == 1) {
                    fresh.add(uri);
                }
            }
            members.add(m);
            starting = loop == null;
            if (starting) {
                loop = loops.apply(this);
            }
            shared = loop;
        }
        try {
            if (starting) {
                shared.start(); // subscribes to every wanted resource itself
            } else {
                subscribe(Methods.RESOURCES_SUBSCRIBE, fresh);
                if (!shared.awaitConnected(timeout)) {
                    throw new McpClientException(Kind.TIMEOUT, Methods.SUBSCRIPTIONS_LISTEN + " to "
                            + endpoint + ": the session's stream did not reopen within "
                            + CallControl.describe(timeout));
                }
            }
        } catch (McpClientException | InterruptedException e) {
            // undo what was subscribed, when the server answered (else it is likely unreachable)
            remove(m, e instanceof McpClientException f
                    && (f.kind() == Kind.HTTP_STATUS || f.kind() == Kind.ERROR_RESPONSE));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new McpClientException(Kind.CANCELLED, Methods.SUBSCRIPTIONS_LISTEN + " was cancelled");
            }
            throw (McpClientException) e;
        }
        return m;
    }

    /** Closes every subscriber without unsubscribing (the client is closing: the session ends anyway). */
    void closeAll() {
        closing = true;
        members.forEach(Member::close);
    }

    private synchronized Set<String> wantedUris() {
        return new LinkedHashSet<>(uris.keySet());
    }

    /** Takes {@code m} out; unsubscribes what nobody wants now; closes the stream after the last. */
    private void remove(Member m, boolean unsubscribe) {
        List<String> unwanted = new ArrayList<>();
        ListenLoop last = null;
        synchronized (this) {
            if (!members.remove(m)) {
                return;
            }
            for (String uri : m.filter.resourceSubscriptionsOrEmpty()) {
                if (uris.merge(uri, -1, Integer::sum) == 0) {
                    uris.remove(uri);
                    unwanted.add(uri);
                }
            }
            if (members.isEmpty()) {
                last = loop;
                loop = null;
            }
        }
        if (last != null) {
            last.close();
        }
        if (unsubscribe && !closing) {
            try {
                subscribe(Methods.RESOURCES_UNSUBSCRIBE, unwanted);
            } catch (McpClientException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not unsubscribe: " + e.getMessage());
            }
        }
    }

    private void subscribe(String method, List<String> which) {
        if (which.isEmpty()) {
            return;
        }
        try (CallControl control = new CallControl(timer, timeout, null, method, endpoint)) {
            for (String uri : which) {
                connection.subscription(method, uri, control);
            }
        }
    }

    /** What the server's capabilities let a session-era stream deliver of {@code requested}. */
    static SubscriptionFilter honoured(SubscriptionFilter requested, ServerCapabilities caps) {
        boolean tools = caps != null && caps.tools() != null && Boolean.TRUE.equals(caps.tools().listChanged());
        boolean prompts = caps != null && caps.prompts() != null && Boolean.TRUE.equals(caps.prompts().listChanged());
        boolean resources = caps != null && caps.resources() != null
                && Boolean.TRUE.equals(caps.resources().listChanged());
        boolean subscribe = caps != null && caps.resources() != null
                && Boolean.TRUE.equals(caps.resources().subscribe());
        List<String> wanted = requested.resourceSubscriptionsOrEmpty();
        return new SubscriptionFilter(
                tools && requested.wantsToolsListChanged() ? Boolean.TRUE : null,
                prompts && requested.wantsPromptsListChanged() ? Boolean.TRUE : null,
                resources && requested.wantsResourcesListChanged() ? Boolean.TRUE : null,
                subscribe && !wanted.isEmpty() ? wanted : null,
                null);
    }

    // ---- the shared loop's listener: fan out to the subscribers that asked ----------------------

    /** Calls every subscriber whose honoured filter {@code wants} it, with that filter. */
    private void each(String what, Predicate<SubscriptionFilter> wants,
                      BiConsumer<ListenListener, SubscriptionFilter> call) {
        for (Member m : members) {
            if (wants.test(m.filter)) {
                ChangeDispatch.safely(what, () -> call.accept(m.listener, m.filter));
            }
        }
    }

    @Override
    public void onToolsListChanged(ListChangedNotification n) {
        each("onToolsListChanged", SubscriptionFilter::wantsToolsListChanged, (l, f) -> l.onToolsListChanged(n));
    }

    @Override
    public void onPromptsListChanged(ListChangedNotification n) {
        each("onPromptsListChanged", SubscriptionFilter::wantsPromptsListChanged, (l, f) -> l.onPromptsListChanged(n));
    }

    @Override
    public void onResourcesListChanged(ListChangedNotification n) {
        each("onResourcesListChanged", SubscriptionFilter::wantsResourcesListChanged,
                (l, f) -> l.onResourcesListChanged(n));
    }

    @Override
    public void onResourceUpdated(ResourceUpdatedNotification n) {
        each("onResourceUpdated", f -> f.resourceSubscriptionsOrEmpty().contains(n.uri()),
                (l, f) -> l.onResourceUpdated(n));
    }

    @Override
    public void onOtherNotification(Notification n) {
        each("onOtherNotification", f -> true, (l, f) -> l.onOtherNotification(n));
    }

    @Override
    public void onDisconnected(McpClientException cause) {
        each("onDisconnected", f -> true, (l, f) -> l.onDisconnected(cause));
    }

    @Override
    public void onReconnected(SubscriptionFilter ignored) {
        each("onReconnected", f -> true, (l, f) -> l.onReconnected(f));
    }

    @Override
    public void onClosed(McpClientException cause) {
        if (cause != null) { // the shared stream failed for good: so did every subscriber
            for (Member m : members) {
                m.end(cause);
            }
        }
    }

    /** One subscriber of the shared stream. */
    private final class Member implements Subscription {
        private final SubscriptionFilter filter;
        private final ListenListener listener;
        private final AtomicBoolean ended = new AtomicBoolean();

        Member(SubscriptionFilter filter, ListenListener listener) {
            this.filter = filter;
            this.listener = listener;
        }

        @Override
        public SubscriptionFilter honoured() {
            return filter;
        }

        @Override
        public boolean isConnected() {
            ListenLoop l;
            synchronized (SessionListeners.this) {
                l = members.contains(this) ? loop : null;
            }
            return l != null && l.isConnected();
        }

        @Override
        public void close() {
            end(null);
        }

        void end(McpClientException cause) {
            if (ended.compareAndSet(false, true)) {
                remove(this, cause == null);
                ChangeDispatch.safely("onClosed", () -> listener.onClosed(cause));
            }
        }
    }
}
