package dev.switchboard.gateway.internal;

import dev.switchboard.gateway.UpstreamConfig;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.kv.KeyValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * One change stream per HTTP upstream across the gateway's instances, so that a resource update
 * reaches each listener once, not once per instance, and a session-era upstream (which allows
 * one GET stream per session, {@link SessionHandles}) is not asked for several.
 *
 * <p>The instance holding an upstream's lease listens to it; the others do not. The lease is a
 * value {@code {holder, token}} in the deployment's {@link KeyValue} under
 * {@code gateway:listener:<upstream>}, taken with put-if-absent for the lease's time to live and
 * renewed every third of it with compare-and-set on exactly that value, so a holder whose lease
 * ran out (and was taken) fails its renewal and stops listening; the random token tells a
 * restarted holder of the same name from its earlier self. A holder that stops cleanly closes its
 * stream and then deletes its lease (compare-and-delete); one that dies is replaced once the
 * lease expires: within the time to live plus a third.
 *
 * <p>What the holder hears: a resource update goes to the server, which fans it out to listen
 * streams on every instance over the event bus; a list change is also published on
 * {@value #TOPIC}, so that every instance lists that upstream again and rebuilds its own catalog.
 * The gap: a new holder cannot know what changed while nobody listened, so on taking the lease it
 * lists again announcing every list as changed, has every instance list again, and announces an
 * update of every listed resource it watches (clients read them again).
 *
 * <p>stdio upstreams are not leased: each instance runs its own server process.
 */
public final class Listeners implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());
    static final String TOPIC = "gateway.upstream-changes";

    private final KeyValue kv;
    private final EventBus bus;
    private final String instance;
    private final Duration ttl;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Upstream> upstreams;
    private final BiConsumer<String, String> resourceUpdated;
    private final List<Lease> leases = new ArrayList<>();
    private final EventBus.Subscription heard;
    private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
    private volatile boolean closed;

    /** One upstream's lease as this instance sees it: the value it holds, or null. */
    private record Lease(Upstream upstream, String key, AtomicReference<JsonObject> held, AtomicReference<String> failure) {
    }

    /**
     * Leases for every HTTP upstream of {@code upstreams}; until {@link #start()} this instance
     * does not listen to them.
     *
     * @param ttl             the lease's time to live: how soon another instance takes over from one that died
     * @param resourceUpdated tells the server an upstream's resource (its own URI) changed
     */
    public Listeners(Map<String, Upstream> upstreams, KeyValue kv, EventBus bus, String instance, Duration ttl,
                     ScheduledExecutorService scheduler, BiConsumer<String, String> resourceUpdated) {
        this.kv = kv;
        this.bus = bus;
        this.instance = instance;
        this.ttl = ttl;
        this.scheduler = scheduler;
        this.upstreams = upstreams;
        this.resourceUpdated = resourceUpdated;
        for (Upstream u : upstreams.values()) {
            if (u.config().transport() instanceof UpstreamConfig.Http) {
                u.listening(false);
                leases.add(new Lease(u, "gateway:listener:" + u.config().name(), new AtomicReference<>(),
                        new AtomicReference<>()));
            }
        }
        this.heard = leases.isEmpty() ? null : bus.subscribe(TOPIC, this::onHeard);
    }

    /** Tries for every lease now and then every third of its time to live. */
    public void start() {
        long every = Math.max(1, ttl.toMillis() / 3);
        for (Lease l : leases) {
            ticks.add(scheduler.scheduleWithFixedDelay(() -> Thread.ofVirtual().name("gateway-lease-"
                    + l.upstream().config().name()).start(() -> tick(l)), 0, every, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Holding: renew (or notice it is lost); not holding: take it when free. One tick of a lease at
     * a time; opening the stream after taking it happens outside, so it never delays a renewal.
     */
    private void tick(Lease l) {
        String name = l.upstream().config().name();
        JsonObject mine;
        boolean took = false;
        synchronized (l) {
            if (closed) {
                return;
            }
            mine = l.held().get();
            try {
                if (mine != null) {
                    if (!kv.compareAndSet(l.key(), mine, mine, ttl)) {
                        l.held().set(null);
                        l.upstream().listening(false);
                        LOG.log(System.Logger.Level.WARNING, "upstream " + name + ": this instance lost its listener"
                                + " lease (not renewed in time); another instance listens now");
                    }
                } else {
                    JsonObject claim = JsonObject.of("holder", Json.of(instance), "token",
                            Json.of(UUID.randomUUID().toString()));
                    if (kv.putIfAbsent(l.key(), claim, ttl)) {
                        l.held().set(claim);
                        took = true;
                    }
                }
                if (l.failure().getAndSet(null) != null) {
                    LOG.log(System.Logger.Level.INFO, "upstream " + name + ": the listener lease store answers again");
                }
            } catch (RuntimeException e) {
                // keep what we have: nobody else can take the lease while the store is down either
                if (l.failure().getAndSet(e.getMessage()) == null) {
                    LOG.log(System.Logger.Level.WARNING, "upstream " + name + ": cannot renew or take the listener lease ("
                            + e.getMessage() + "); " + (mine != null ? "still listening" : "not listening") + " meanwhile");
                }
            }
        }
        if (took) {
            takeOver(l);
        } else if (mine != null && l.held().get() != null) {
            l.upstream().keepWatching();
        }
    }

    /** Listens, and makes up for what nobody heard since the last holder stopped. */
    private void takeOver(Lease l) {
        Upstream u = l.upstream();
        LOG.log(System.Logger.Level.INFO, "upstream " + u.config().name() + ": this instance (" + instance
                + ") holds its listener lease");
        u.listening(true);
        Set<UpstreamCatalog.ListKind> all = EnumSet.of(UpstreamCatalog.ListKind.TOOLS, UpstreamCatalog.ListKind.PROMPTS,
                UpstreamCatalog.ListKind.RESOURCES);
        u.changed(all);
        publish(u.config().name());
        UpstreamCatalog c = u.catalog();
        if (c.capabilities() != null && c.capabilities().resources() != null
                && Boolean.TRUE.equals(c.capabilities().resources().subscribe())) {
            for (Resource r : c.resources()) {
                resourceUpdated.accept(u.config().name(), r.uri());
            }
        }
    }

    /** The holder heard a list of {@code upstream} change: the other instances list it again too. */
    public void heard(String upstream) {
        if (leases.stream().anyMatch(l -> l.upstream().config().name().equals(upstream))) {
            publish(upstream);
        }
    }

    private void publish(String upstream) {
        try {
            bus.publish(TOPIC, JsonObject.of("u", Json.of(upstream), "from", Json.of(instance)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "upstream " + upstream + ": cannot tell the other instances its list"
                    + " changed (" + e.getMessage() + "); they list it again at their next refresh");
        }
    }

    private void onHeard(JsonObject event) {
        if (instance.equals(event.getString("from"))) {
            return; // the holder already lists again itself
        }
        Upstream u = upstreams.get(event.getString("u"));
        if (u != null) {
            // what is announced to clients is the holder's to say, once; here the catalog only catches up
            Thread.ofVirtual().name("gateway-relist-" + u.config().name()).start(() -> u.changed(Set.of()));
        }
    }

    /** True when this instance holds the lease of {@code upstream} (tests, health). */
    public boolean holds(String upstream) {
        return leases.stream().anyMatch(l -> l.upstream().config().name().equals(upstream) && l.held().get() != null);
    }

    /** Stops listening and gives every held lease up, so another instance takes over at once. */
    @Override
    public void close() {
        closed = true;
        ticks.forEach(t -> t.cancel(false));
        if (heard != null) {
            heard.close();
        }
        for (Lease l : leases) {
            JsonObject mine;
            synchronized (l) {
                mine = l.held().getAndSet(null);
            }
            if (mine != null) {
                l.upstream().listening(false);
                try {
                    kv.compareAndDelete(l.key(), mine);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "cannot give the listener lease up: " + e.getMessage());
                }
            }
        }
    }
}
