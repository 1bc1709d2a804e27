package dev.switchboard.gateway;

import dev.switchboard.gateway.internal.Backoff;
import dev.switchboard.gateway.internal.Federation;
import dev.switchboard.gateway.internal.Forwarding;
import dev.switchboard.gateway.internal.HintCombiner;
import dev.switchboard.gateway.internal.InputRelay;
import dev.switchboard.gateway.internal.Listeners;
import dev.switchboard.gateway.internal.PinGate;
import dev.switchboard.gateway.internal.TaskForwarding;
import dev.switchboard.gateway.internal.Upstream;
import dev.switchboard.gateway.internal.UpstreamCatalog;
import dev.switchboard.gateway.pinning.PinMode;
import dev.switchboard.gateway.pinning.Pins;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.server.Interceptor;
import dev.switchboard.server.McpServer;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.state.seal.Sealer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.ResourceTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One MCP server in front of many: an {@link McpServer} whose tools, prompts, resources,
 * resource templates and completions are those of its upstreams (HTTP or stdio, either protocol
 * era), under collision-free names, each request forwarded to the upstream that owns it.
 *
 * <pre>{@code
 * Gateway gateway = Gateway.builder("com.example/gateway", "1.0.0")
 *     .upstream(UpstreamConfig.http("billing", URI.create("http://127.0.0.1:8081/mcp")))
 *     .upstream(UpstreamConfig.stdio("files", List.of("node", "files-server.js")).withPrefix(""))
 *     .start();
 * McpHttpServer http = McpHttpServer.builder(gateway.server()).health(gateway::health).start();
 * }</pre>
 *
 * <p><b>The request path</b> is the server's: transport → {@link Interceptor}s in the order
 * added ({@link Builder#interceptor}; this is where authentication, policy and audit go) → the
 * gateway's caching-hint step → the forwarding handler of the definition named in the request →
 * the upstream's {@link dev.switchboard.client.McpClient}, within that upstream's concurrency
 * limit and timeouts. Nothing from the caller's HTTP request is forwarded: an upstream sees the
 * gateway's own static headers and bearer token only.
 *
 * <p><b>Names.</b> A tool or prompt {@code echo} of an upstream with prefix {@code p} is served
 * as {@code p__echo}; with prefix {@code ""} as {@code echo}. The prefix defaults to the
 * upstream's name. Collisions go to the upstream declared first; a later one's colliding name is
 * qualified by its upstream name ({@code b__echo}) and its colliding URIs get a scheme prefix
 * ({@code b+file:///x}), each logged. Invalid tools (name, schema) are refused with a log line.
 *
 * <p><b>Health.</b> An upstream that cannot be reached, exits, or times out repeatedly is marked
 * unhealthy (log line, {@link #health()}, {@link #upstreams()}), reconnected with jittered
 * exponential backoff, and its requests fail at once with a JSON-RPC error naming it
 * ({@code -31502}; {@code -31504} for a timeout). It <em>keeps</em> its last known definitions,
 * marked {@code "status":"unhealthy"} in {@code _meta["dev.switchboard/upstream"]}, so names do
 * not shift while it is away; one never reached has none. Other upstreams are unaffected.
 *
 * <p><b>Pinning.</b> The first definition seen of each upstream tool is pinned by hash in the
 * {@link Pins} store ({@link Builder#pins}; share it across replicas). A changed definition is
 * then served as pinned and a new tool not at all ({@code pinning: block}, the default), or served
 * flagged ({@code warn}), and reported (log, {@link #health()}) until an operator accepts or
 * rejects it ({@code switchboard gateway pins}, or {@link Pins#accept}); decisions apply at once
 * on every instance.
 *
 * <p><b>Replicas.</b> Instances given the same key ring, key-value store and event bus (through
 * {@link Builder#server}) speak to a session-era HTTP upstream on one session, and one of them
 * at a time holds each HTTP upstream's change stream ({@link Builder#listenerLease}), passing
 * what it hears to the others over the bus.
 *
 * <p>Thread-safe. {@link #close()} stops the upstreams (and stdio servers) and the server.
 */
public final class Gateway implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

    private final McpServer server;
    private final Map<String, Upstream> upstreams;
    private final ScheduledExecutorService scheduler;
    private final InputRelay relay;
    private final Listeners listeners;
    private final Set<String> logged = new HashSet<>();
    private final Pins pins;
    private final EventBus.Subscription pinDecisions;
    private volatile Map<String, PinGate.Gated> gated = Map.of();
    private volatile Federation federation = Federation.of(List.of());
    private volatile Owners owners = Owners.NONE;
    private volatile Map<String, TaskForwarding.Route> taskTools = Map.of();

    private Gateway(Builder b) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gateway-timer").factory());
        McpServer.Builder sb = McpServer.builder(b.info);
        b.server.accept(sb);
        b.interceptors.forEach(sb::interceptor);
        sb.interceptor(new HintCombiner(() -> federation)); // sees the final result of every step but tasks'
        Map<String, Upstream> ups = new LinkedHashMap<>(); // filled once the server is built, before anything runs
        this.upstreams = java.util.Collections.unmodifiableMap(ups);
        if (b.keyRing != null) {
            sb.keyRing(b.keyRing); // one ring for the server's seals and the gateway's task handles
        }
        Sealer sealer = new Sealer(b.keyRing != null ? b.keyRing : KeyRing.generate());
        // innermost: a task call must reach it after governance, and tasks/* must not reach the server's own runtime
        sb.interceptor(new TaskForwarding(() -> taskTools, upstreams, sealer));
        this.server = sb.build();
        // the server's store and bus are the deployment's: upstream sessions and listener leases are shared through them
        Upstream.Deployment deployment = new Upstream.Deployment(server.keyValue(), sealer, server.instanceId());
        Implementation clientInfo = new Implementation(b.info.name(), b.info.version(), null, null, null, null, null);
        for (UpstreamConfig c : b.upstreams) {
            ups.put(c.name(), new Upstream(c, clientInfo, scheduler, new Backoff(b.backoffInitial, b.backoffMax),
                    deployment, this::rebuild, uri -> resourceUpdated(c.name(), uri), () -> listChanged(c.name())));
        }
        this.listeners = new Listeners(upstreams, server.keyValue(), server.eventBus(), server.instanceId(),
                b.listenerLease, scheduler, this::resourceUpdated);
        this.relay = new InputRelay(server.instanceId(), server.eventBus(), b.inputTimeout);
        this.pins = b.pins != null ? b.pins : Pins.embedded();
        // an operator's accept or reject, on any instance: serve the decision now, off the bus thread
        this.pinDecisions = pins.onDecision(() -> Thread.ofVirtual().name("gateway-pins").start(this::rebuild));
    }

    /** A builder for a gateway named {@code name} (reverse-DNS style) at {@code version}. */
    public static Builder builder(String name, String version) {
        return new Builder(new Implementation(name, version, null, null, null, null, null));
    }

    /** The server to put on a transport (e.g. {@code McpHttpServer.builder(gateway.server())}). */
    public McpServer server() {
        return server;
    }

    /** The pinned and pending tool definitions this gateway serves by. */
    public Pins pins() {
        return pins;
    }

    /** The state of each upstream, in declaration order. */
    public List<UpstreamStatus> upstreams() {
        return upstreams.values().stream().map(Upstream::status).toList();
    }

    /**
     * The Server Card of upstream {@code upstream} as served through this gateway: the upstream's
     * own name (or {@code <gateway namespace>/<upstream>} when its name cannot name a card), version
     * and capabilities, reached at {@code endpointUrl} (the gateway's endpoint, in the revisions the
     * gateway serves), and, when {@code publishTools}, its tools as served here (after renaming and
     * pinning: a tool held back is not listed). Empty for an unknown upstream or one never reached.
     *
     * @throws dev.switchboard.protocol.discovery.InvalidDocumentException when no valid card can be made
     */
    public java.util.Optional<dev.switchboard.protocol.cards.ServerCard> upstreamCard(String upstream, String endpointUrl,
                                                                                       boolean publishTools) {
        Upstream u = upstreams.get(upstream);
        Implementation info = u == null ? null : u.serverInfo();
        if (info == null) {
            return java.util.Optional.empty();
        }
        String namespace = server.info().name().contains("/") ? server.info().name().substring(0, server.info().name().indexOf('/'))
                : server.info().name();
        String name = info.name() != null && info.name().matches("[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+") ? info.name()
                : namespace + "/" + upstream;
        String description = (info.description() != null && !info.description().isBlank() ? info.description()
                : info.title() != null ? info.title() : "MCP server " + upstream) + " (through " + server.info().name() + ")";
        Implementation shown = new Implementation(name, info.version() == null ? "0" : info.version(), info.title(),
                description, info.icons(), info.websiteUrl(), null);
        List<dev.switchboard.protocol.tools.Tool> tools = publishTools ? federation.tools().stream()
                .filter(t -> t.upstream().equals(upstream)).map(Federation.Routed::presented).toList() : null;
        var discover = dev.switchboard.protocol.lifecycle.DiscoverResult.of(server.discover().supportedVersions(),
                u.catalog().capabilities(), 0, dev.switchboard.protocol.CacheScope.PUBLIC);
        return java.util.Optional.of(dev.switchboard.protocol.discovery.ServerCards.describe(shown, discover, tools,
                List.of(endpointUrl)));
    }

    /**
     * The upstream serving {@code target} as served now: a tool ({@code tools/call}) or prompt
     * ({@code prompts/get}) by its served name, a resource ({@code resources/read}) by its URI or the
     * template it matches. Empty when none does (unknown, or a URI only an unprefixed template could claim).
     */
    public java.util.Optional<String> upstreamOf(String method, String target) {
        return java.util.Optional.ofNullable(owners.of(method, target));
    }

    /**
     * Which upstream serves each served name or URI, derived from the federation once per rebuild,
     * because policy asks on every call and for every listed item.
     */
    private record Owners(Map<String, String> tools, Map<String, String> prompts, Map<String, String> resources,
                          Map<String, String> templateQualifiers) {
        static final Owners NONE = new Owners(Map.of(), Map.of(), Map.of(), Map.of());

        static Owners of(Federation f) {
            Map<String, String> qualifiers = new LinkedHashMap<>();
            for (Federation.Routed<ResourceTemplate> t : f.templates()) {
                String presented = t.presented().uriTemplate();
                String qualifier = presented.substring(0, presented.length() - t.original().length());
                if (!qualifier.isEmpty()) { // an unprefixed template could claim any URI
                    qualifiers.putIfAbsent(qualifier, t.upstream());
                }
            }
            return new Owners(byName(f.tools(), dev.switchboard.protocol.tools.Tool::name),
                    byName(f.prompts(), Prompt::name), byName(f.resources(), dev.switchboard.protocol.resources.Resource::uri),
                    Map.copyOf(qualifiers));
        }

        private static <T> Map<String, String> byName(List<Federation.Routed<T>> routed, java.util.function.Function<T, String> name) {
            Map<String, String> out = new java.util.HashMap<>();
            routed.forEach(r -> out.putIfAbsent(name.apply(r.presented()), r.upstream()));
            return Map.copyOf(out);
        }

        String of(String method, String target) {
            return switch (method) {
                case "tools/call" -> tools.get(target);
                case "prompts/get" -> prompts.get(target);
                case "resources/read" -> {
                    String exact = resources.get(target);
                    if (exact != null) {
                        yield exact;
                    }
                    yield templateQualifiers.entrySet().stream().filter(q -> target.startsWith(q.getKey()))
                            .map(Map.Entry::getValue).findFirst().orElse(null);
                }
                default -> null;
            };
        }
    }

    /** The names of the upstreams, in declaration order. */
    public List<String> upstreamNames() {
        return List.copyOf(upstreams.keySet());
    }

    /**
     * The health document for {@code /healthz}: {@code status} {@code ok} when every upstream is
     * healthy, else {@code degraded}, and each upstream's state.
     */
    public JsonObject health() {
        List<Json> list = new ArrayList<>();
        boolean ok = true;
        for (UpstreamStatus s : upstreams()) {
            ok &= s.health() == UpstreamStatus.Health.HEALTHY;
            JsonObject.Builder u = JsonObject.builder().put("name", s.name())
                    .put("health", s.health().name().toLowerCase(java.util.Locale.ROOT))
                    .put("since", s.since().toString()).put("tools", s.tools()).put("restarts", s.restarts());
            if (s.reason() != null) {
                u.put("reason", s.reason());
            }
            if (s.era() != null) {
                u.put("protocolVersion", s.era());
            }
            if (upstreams.get(s.name()).config().transport() instanceof UpstreamConfig.Http) {
                u.put("listener", listeners.holds(s.name())); // this instance holds its change stream
            }
            PinMode mode = upstreams.get(s.name()).config().pinning();
            PinGate.Gated g = gated.get(s.name());
            if (mode != PinMode.OFF) {
                u.put("pins", JsonObject.builder().put("mode", mode.label())
                        .put("pending", strings(g == null ? List.of() : g.pending()))
                        .put("rejected", strings(g == null ? List.of() : g.rejected())).build());
            }
            list.add(u.build());
        }
        return JsonObject.of("status", Json.of(ok ? "ok" : "degraded"), "upstreams", JsonArray.of(list.toArray(Json[]::new)));
    }

    private static JsonArray strings(List<String> values) {
        return JsonArray.of(values.stream().map(Json::of).toArray(Json[]::new));
    }

    private void start(Duration startupWait, Duration refresh) throws InterruptedException {
        listeners.start();
        upstreams.values().forEach(Upstream::start);
        long deadline = System.nanoTime() + startupWait.toNanos();
        for (Upstream u : upstreams.values()) {
            // the first tools/list should show every upstream that can come up; a dead one does not hold us back
            u.awaitFirstAttempt(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        rebuild();
        scheduler.scheduleWithFixedDelay(() -> upstreams.values().forEach(u ->
                        Thread.ofVirtual().start(u::relist)), refresh.toMillis(), refresh.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Recomputes the federation from every upstream's last catalog and serves it. */
    private synchronized void rebuild() {
        List<Federation.Member> members = new ArrayList<>();
        Map<String, PinGate.Gated> nowGated = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Upstream u : upstreams.values()) {
            UpstreamCatalog c = u.catalog();
            PinGate.Gated g = gate(u, c);
            nowGated.put(u.config().name(), g);
            notes.addAll(g.notes());
            members.add(new Federation.Member(u.config().name(), u.config().effectivePrefix(),
                    u.status().health() != UpstreamStatus.Health.UNHEALTHY,
                    new UpstreamCatalog(c.capabilities(), g.tools(), c.resources(), c.templates(), c.prompts(), c.hints()),
                    g.flags()));
        }
        for (String note : notes) { // PinGate reports each change once, fleet-wide
            LOG.log(System.Logger.Level.WARNING, note);
        }
        gated = Map.copyOf(nowGated);
        Federation next = Federation.of(members);
        for (String note : next.notes()) {
            if (logged.add(note)) { // once per distinct rename or refusal, not on every rebuild
                LOG.log(System.Logger.Level.WARNING, note);
            }
        }
        java.util.Set<UpstreamCatalog.ListKind> signalled = java.util.EnumSet.noneOf(UpstreamCatalog.ListKind.class);
        upstreams.values().forEach(u -> signalled.addAll(u.takeSignalled())); // passed on even when nothing changed here
        Forwarding.Served served = Forwarding.catalog(next, upstreams, relay, signalled);
        taskTools = served.taskTools(); // before the catalog: a listed task tool is always routed as one
        server.replaceCatalog(served.update());
        federation = next;
        owners = Owners.of(next);
    }

    /**
     * An upstream's resource changed: tell the listen streams subscribed to its served URI, on
     * every instance (the server publishes on the event bus). Only the instance holding the
     * upstream's listener lease hears it ({@link Listeners}), so each listener is told once.
     */
    private void resourceUpdated(String upstream, String uri) {
        for (Federation.Routed<dev.switchboard.protocol.resources.Resource> r : federation.resources()) {
            if (r.upstream().equals(upstream) && r.original().equals(uri)) {
                server.resourceUpdated(r.presented().uri());
                return;
            }
        }
    }

    /** The tools of {@code u} that pinning lets through; on a store failure, those it let through last. */
    private PinGate.Gated gate(Upstream u, UpstreamCatalog c) {
        String name = u.config().name();
        if (u.status().era() == null) {
            return PinGate.gate(name, PinMode.OFF, c.tools(), pins); // never listed: nothing to pin yet
        }
        try {
            return PinGate.gate(name, u.config().pinning(), c.tools(), pins);
        } catch (RuntimeException e) {
            PinGate.Gated last = gated.get(name);
            if (logged.add("pins unavailable " + name + " " + e.getMessage())) {
                LOG.log(System.Logger.Level.WARNING, "upstream " + name + ": cannot check its tools against the pin store ("
                        + e.getMessage() + "); serving " + (last != null ? "them as last checked"
                        : u.config().pinning() == PinMode.BLOCK ? "none of them (pinning: block)" : "them flagged unchecked"));
            }
            return last != null ? last : PinGate.Gated.storeUnavailable(u.config().pinning(), c.tools());
        }
    }

    /** An upstream's list changed, as this instance heard on its change stream: the others list it again too. */
    private void listChanged(String upstream) {
        listeners.heard(upstream);
    }

    /** Upstream requests parked on this instance waiting for their client's input (tests). */
    int parkedCalls() {
        return relay.parkedCount();
    }

    /** Stops every upstream (stdio servers are ended) and the server. */
    @Override
    public void close() {
        pinDecisions.close();
        listeners.close(); // before the scheduler: gives the leases up, so another instance listens at once
        scheduler.shutdownNow();
        relay.close();
        upstreams.values().forEach(Upstream::close);
        server.close();
    }

    /** Configures a {@link Gateway}. Not thread-safe; build once. */
    public static final class Builder {
        private final Implementation info;
        private final List<UpstreamConfig> upstreams = new ArrayList<>();
        private final List<Interceptor> interceptors = new ArrayList<>();
        private Consumer<McpServer.Builder> server = b -> { };
        private Duration startupWait = Duration.ofSeconds(15);
        private Duration refresh = Duration.ofMinutes(5);
        private Duration backoffInitial = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Pins pins;
        private Duration inputTimeout = Duration.ofMinutes(5);
        private KeyRing keyRing;
        private Duration listenerLease = Duration.ofSeconds(5);

        private Builder(Implementation info) {
            this.info = Objects.requireNonNull(info, "info");
        }

        /**
         * Adds an upstream; declaration order decides who keeps a contested name.
         *
         * @throws IllegalArgumentException when another upstream has its name
         */
        public Builder upstream(UpstreamConfig upstream) {
            Objects.requireNonNull(upstream, "upstream");
            if (upstreams.stream().anyMatch(u -> u.name().equals(upstream.name()))) {
                throw new IllegalArgumentException("two upstreams are named " + upstream.name());
            }
            upstreams.add(upstream);
            return this;
        }

        /**
         * Adds a step to every request before it is forwarded (authentication, policy, audit,
         * metrics), outermost first. It sees the gateway's names; the upstream is in the tool's
         * {@code _meta["dev.switchboard/upstream"]}.
         */
        public Builder interceptor(Interceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * Configures the underlying server: key ring, event bus, key-value store and counters
         * shared across gateway replicas, page size, caching hints (which upstream hints can only
         * lower), instance id. Runs before the gateway adds its own parts.
         */
        public Builder server(Consumer<McpServer.Builder> configure) {
            this.server = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /**
         * The deployment's key ring (default: a new one, this process only), for the server's
         * sealed cursors, {@code requestState} and session ids and for the gateway's task handles.
         * Replicas must share it so that any of them opens what another sealed; set it here
         * rather than through {@link #server}, which the gateway's task handles do not see.
         */
        public Builder keyRing(KeyRing keyRing) {
            this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
            return this;
        }

        /**
         * Where tool definitions are pinned (default: {@link Pins#embedded()}, this process only).
         * Replicas of one deployment must share it, e.g.
         * {@code new Pins(redis.store(), redis.bus())}: it is what makes them serve the same
         * definitions and apply an operator's decision together.
         */
        public Builder pins(Pins pins) {
            this.pins = Objects.requireNonNull(pins, "pins");
            return this;
        }

        /** How long {@link #start()} waits for the upstreams' first connection attempts (default 15 s). */
        public Builder startupWait(Duration wait) {
            this.startupWait = Objects.requireNonNull(wait, "wait");
            return this;
        }

        /**
         * How often every upstream's definitions are listed again (default 5 minutes), for those
         * that cannot notify changes; list_changed notifications trigger it at once.
         */
        public Builder refreshInterval(Duration refresh) {
            if (refresh.isNegative() || refresh.isZero()) {
                throw new IllegalArgumentException("refresh interval must be positive, got " + refresh);
            }
            this.refresh = refresh;
            return this;
        }

        /**
         * Delays between reconnection attempts to a failed upstream: from about {@code initial},
         * doubling to {@code max}, jittered (default 500 ms to 30 s).
         */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            new Backoff(initial, max); // checks the values now rather than at the first failure
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /**
         * How long a session-era upstream's request that asked for input (elicitation, sampling,
         * roots) is held in flight waiting for the gateway's client to answer (default 5 minutes);
         * then it is cancelled and a late answer gets an error naming the upstream. Keep it
         * within the server's {@code requestStateTtl}.
         */
        public Builder inputTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("input timeout must be positive, got " + timeout);
            }
            this.inputTimeout = timeout;
            return this;
        }

        /**
         * The time to live of an upstream's listener lease (default 5 s): one instance of a
         * deployment holds each HTTP upstream's change stream, renewing the lease every third of
         * it; when that instance dies, another takes over within about 4/3 of it, lists the
         * upstream again and tells clients to re-read (list_changed, resources/updated).
         */
        public Builder listenerLease(Duration ttl) {
            if (ttl.isNegative() || ttl.toMillis() < 300) {
                throw new IllegalArgumentException("the listener lease must be at least 300 ms, got " + ttl);
            }
            this.listenerLease = ttl;
            return this;
        }

        /**
         * Builds the gateway, starts connecting to every upstream and waits (up to
         * {@link #startupWait}) for each first attempt. Never fails because an upstream is down:
         * that one is reported unhealthy and retried.
         */
        public Gateway start() throws InterruptedException {
            Gateway g = new Gateway(this);
            try {
                g.start(startupWait, refresh);
            } catch (InterruptedException | RuntimeException e) {
                g.close();
                throw e;
            }
            return g;
        }
    }
}
