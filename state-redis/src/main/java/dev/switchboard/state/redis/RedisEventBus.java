package dev.switchboard.state.redis;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.bus.EventBus;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * {@link EventBus} on Redis pub/sub: every instance connected to the same Redis hears every event.
 * A topic is the channel {@code <namespace>bus:<topic>}; an event is its compact JSON text.
 *
 * <p><b>Subscribing.</b> The first subscription to a topic sends {@code SUBSCRIBE} on the
 * dedicated pub/sub connection and returns only once Redis has confirmed it, so an event published
 * (by any instance) after {@code subscribe} returns is delivered. Later subscriptions to the same
 * topic share that channel; the last one to close sends {@code UNSUBSCRIBE}.
 *
 * <p><b>Delivery.</b> Lettuce reads messages on its event-loop thread, which must never wait on a
 * handler. Each message is handed to its topic's serial queue, drained by one virtual thread at a
 * time: events of one topic reach each handler one by one in publish order, a slow handler delays
 * only its own topic, and the connection keeps reading. A topic whose queue holds
 * {@value #MAX_PENDING_PER_TOPIC} undelivered events drops further ones (with a warning): the bus is
 * at-most-once, and an unbounded queue would turn a stuck handler into an out-of-memory error.
 *
 * <p><b>Failures.</b> {@code publish} and {@code subscribe} throw {@link StateUnavailableException}
 * within the timeout when Redis is down. After an outage Lettuce reconnects and resubscribes every
 * channel by itself; events published during the outage are lost. Closing a subscription never
 * throws. Thread-safe.
 */
public final class RedisEventBus implements EventBus {
    /** Undelivered events a topic may hold before it drops new ones. */
    public static final int MAX_PENDING_PER_TOPIC = 10_000;

    private static final System.Logger LOG = System.getLogger(RedisEventBus.class.getName());

    private final RedisCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final String channelPrefix;
    private final Failures failures;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final ExecutorService dispatch =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sb-redis-bus-", 0).factory());
    private final RedisPubSubListener<String, String> listener = new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
            onMessage(channel, message);
        }
    };
    private volatile boolean closed;

    RedisEventBus(RedisCommands<String, String> redis, StatefulRedisPubSubConnection<String, String> pubsub,
                  String namespace, Failures failures) {
        this.redis = redis;
        this.pubsub = pubsub;
        this.channelPrefix = namespace + "bus:";
        this.failures = failures;
        pubsub.addListener(listener);
    }

    /**
     * Publishes on the shared command connection and returns once Redis has accepted the event.
     * A no-op once the bus is closed.
     *
     * @throws StateUnavailableException when Redis is down or does not answer within the timeout
     */
    @Override
    public void publish(String topic, JsonObject event) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        if (closed) {
            return;
        }
        String text = Wire.toText(event);
        failures.call("PUBLISH", () -> redis.publish(channelPrefix + topic, text));
    }

    /**
     * Subscribes {@code handler}; blocks until Redis has confirmed the channel (at most the timeout).
     * On a closed bus, returns a subscription that never delivers.
     *
     * @throws StateUnavailableException when Redis is down or does not answer within the timeout
     */
    @Override
    public Subscription subscribe(String topic, Consumer<JsonObject> handler) {
        return subscribe(topic, handler, () -> { });
    }

    /**
     * {@inheritDoc} Here a gap is reported when the pub/sub connection drops (events published
     * until Lettuce has resubscribed are lost) and when the topic's queue overflowed.
     */
    @Override
    public Subscription subscribe(String topic, Consumer<JsonObject> handler, Runnable onGap) {
        Objects.requireNonNull(topic, "topic");
        Handler h = new Handler(Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(onGap, "onGap"));
        String channel = channelPrefix + topic;
        while (!closed) {
            Topic t = topics.computeIfAbsent(channel, c -> new Topic(topic, c));
            t.lock.lock();
            try {
                if (t.retired) {
                    continue; // its last subscription closed meanwhile; take a fresh one
                }
                h.topic = t;
                t.add(h);
                if (!pubsub.isOpen()) {
                    // the channel may be subscribed already, but nothing reaches it until Lettuce has
                    // reconnected: refuse rather than promise delivery (checked after adding, so a drop
                    // racing this call either fails it here or reports a gap to the handler)
                    t.remove(h);
                    if (t.handlers.isEmpty()) {
                        t.retire();
                        if (t.subscribed) {
                            unsubscribe(t.channel);
                        }
                    }
                    throw failures.unavailable("SUBSCRIBE", new RedisConnectionException("the pub/sub connection is down"));
                }
                if (!t.subscribed) {
                    try {
                        failures.run("SUBSCRIBE", () -> pubsub.sync().subscribe(channel));
                    } catch (RuntimeException e) {
                        t.remove(h);
                        if (t.handlers.isEmpty()) {
                            t.retire();
                        }
                        throw e;
                    }
                    t.subscribed = true;
                }
                return h;
            } finally {
                t.lock.unlock();
            }
        }
        h.active.set(false);
        return h;
    }

    /** Unsubscribes every topic and stops delivery; events still queued are dropped. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> channels = new ArrayList<>();
        for (Topic t : topics.values()) {
            t.lock.lock();
            try {
                if (!t.retired) {
                    t.handlers.forEach(h -> h.active.set(false));
                    t.handlers = List.of();
                    if (t.subscribed) {
                        channels.add(t.channel);
                    }
                    t.retire();
                }
            } finally {
                t.lock.unlock();
            }
        }
        pubsub.removeListener(listener);
        if (!channels.isEmpty() && pubsub.isOpen()) {
            unsubscribe(channels.toArray(String[]::new));
        }
        dispatch.shutdown();
    }

    /** Fire and forget: commands on one connection run in order, so a later SUBSCRIBE still wins. */
    private void unsubscribe(String... channels) {
        try {
            pubsub.async().unsubscribe(channels).exceptionally(e -> {
                LOG.log(System.Logger.Level.DEBUG, "UNSUBSCRIBE failed; messages on the channel are ignored until the connection ends", e);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "UNSUBSCRIBE failed; messages on the channel are ignored until the connection ends", e);
        }
    }

    /**
     * The pub/sub connection dropped: whatever is published until it is back is lost, so every
     * subscriber hears of a gap, after the events that did arrive. On Lettuce's thread: must not block.
     */
    void connectionLost() {
        if (closed) {
            return;
        }
        for (Topic t : topics.values()) {
            t.gap();
        }
    }

    /** On Lettuce's event loop: must not block. */
    private void onMessage(String channel, String text) {
        Topic t = topics.get(channel);
        if (t == null || closed) {
            return; // an UNSUBSCRIBE in flight, or a channel Lettuce restored for nobody
        }
        t.enqueue(new Delivery(text, t.handlers));
    }

    /** One message (or, with a null text, a gap) and the handlers subscribed when it arrived. */
    private record Delivery(String text, List<Handler> handlers) {
    }

    /** One subscription; closing it twice is harmless. */
    private final class Handler implements Subscription {
        private final Consumer<JsonObject> consumer;
        private final Runnable onGap;
        private final AtomicBoolean active = new AtomicBoolean(true);
        private volatile Topic topic; // set under the topic's lock before the subscription is published

        Handler(Consumer<JsonObject> consumer, Runnable onGap) {
            this.consumer = consumer;
            this.onGap = onGap;
        }

        @Override
        public void close() {
            if (!active.compareAndSet(true, false) || topic == null) {
                return;
            }
            Topic t = topic;
            t.lock.lock();
            try {
                t.remove(this);
                if (t.handlers.isEmpty() && !t.retired) {
                    t.retire();
                    if (t.subscribed && !closed) {
                        unsubscribe(t.channel);
                    }
                }
            } finally {
                t.lock.unlock();
            }
        }
    }

    /** A channel's subscribers and its serial delivery queue. */
    private final class Topic {
        private final String name;
        private final String channel;
        /** Orders changes to the subscriber list and the SUBSCRIBE that goes with the first one. */
        private final ReentrantLock lock = new ReentrantLock();
        /** Immutable; replaced under the lock, read without it. */
        private volatile List<Handler> handlers = List.of();
        private boolean subscribed; // guarded by lock
        private boolean retired;    // guarded by lock: no longer in topics

        private final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicBoolean gapQueued = new AtomicBoolean();

        Topic(String name, String channel) {
            this.name = name;
            this.channel = channel;
        }

        void add(Handler h) {
            List<Handler> next = new ArrayList<>(handlers);
            next.add(h);
            handlers = List.copyOf(next);
        }

        void remove(Handler h) {
            List<Handler> next = new ArrayList<>(handlers);
            next.removeIf(x -> x == h);
            handlers = List.copyOf(next);
        }

        void retire() {
            retired = true;
            topics.remove(channel, this);
        }

        /** Queues a gap marker (at most one waiting at a time), past the limit: it must get through. */
        void gap() {
            if (gapQueued.compareAndSet(false, true)) {
                pending.incrementAndGet();
                schedule(new Delivery(null, handlers));
            }
        }

        void enqueue(Delivery d) {
            if (pending.incrementAndGet() > MAX_PENDING_PER_TOPIC) {
                pending.decrementAndGet();
                long n = dropped.incrementAndGet();
                if (n == 1 || n % 1000 == 0) {
                    LOG.log(System.Logger.Level.WARNING, "event bus topic " + name + " is " + MAX_PENDING_PER_TOPIC
                            + " events behind (a handler blocks?); " + n + " events dropped so far");
                }
                gap();
                return;
            }
            schedule(d);
        }

        private void schedule(Delivery d) {
            queue.add(d);
            if (draining.compareAndSet(false, true)) {
                try {
                    dispatch.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    draining.set(false); // closed
                }
            }
        }

        private void drain() {
            do {
                for (Delivery d = queue.poll(); d != null; d = queue.poll()) {
                    pending.decrementAndGet();
                    deliver(d);
                }
                draining.set(false);
                // a message may have been queued after the last poll but before the flag dropped
            } while (!queue.isEmpty() && draining.compareAndSet(false, true));
        }

        private void deliver(Delivery d) {
            if (closed) {
                return;
            }
            if (d.text() == null) {
                gapQueued.set(false);
                for (Handler h : d.handlers()) {
                    if (h.active.get()) {
                        try {
                            h.onGap.run();
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.WARNING, "gap handler failed on topic " + name, e);
                        }
                    }
                }
                return;
            }
            JsonObject event;
            try {
                event = Wire.parse(d.text()).asObject();
            } catch (RuntimeException e) {
                event = null;
            }
            if (event == null) {
                LOG.log(System.Logger.Level.WARNING, "dropped a message on event bus topic " + name + " that is not a JSON object");
                return;
            }
            for (Handler h : d.handlers()) {
                if (!h.active.get() || closed) {
                    continue;
                }
                try {
                    h.consumer.accept(event);
                } catch (Exception e) {
                    // Exception, not RuntimeException: a handler may throw a checked exception sneakily
                    LOG.log(System.Logger.Level.WARNING, "event handler failed on topic " + name, e);
                }
            }
        }
    }
}
