package dev.switchboard.gateway.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.ListenListener;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.Subscription;
import dev.switchboard.client.auth.AuthorizationException;
import dev.switchboard.gateway.UpstreamConfig;
import dev.switchboard.gateway.UpstreamStatus;
import dev.switchboard.gateway.UpstreamStatus.Health;
import dev.switchboard.http.InboundCredential;
import dev.switchboard.gateway.internal.UpstreamCatalog.ListKind;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One upstream server and the gateway's connection to it: connects (starting a stdio server),
 * lists its definitions, listens for their changes, forwards requests within its concurrency
 * limit and timeouts, and keeps its health.
 *
 * <p>Health rules: a failed connection, a stdio server that exits, a broken transport (also found
 * by listing again when its change stream drops), a change stream that ends for good, or
 * {@value #TIMEOUTS_TO_UNHEALTHY} timeouts in a row make it unhealthy: its
 * client is closed, requests to it fail at once with {@link ErrorCode#UPSTREAM_FAILED} naming it,
 * and it is reconnected (a stdio server restarted) after a jittered exponential backoff. A single
 * timeout, an invalid response or an error answer fail only that request.
 *
 * <p>Each connection is one "generation"; a failure reported by an older generation (a late
 * callback of a client already replaced) is ignored. Thread-safe.
 */
public final class Upstream implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Upstream.class.getName());
    static final int TIMEOUTS_TO_UNHEALTHY = 3;
    private static final int MAX_PAGES = 1_000;

    private final UpstreamConfig config;
    private final Implementation clientInfo;
    private final ScheduledExecutorService scheduler;
    private final Runnable onChange;
    private final java.util.concurrent.atomic.AtomicInteger relistRequests = new java.util.concurrent.atomic.AtomicInteger();
    private final Consumer<String> onResourceUpdated;
    private final Semaphore slots;
    private final AtomicInteger timeouts = new AtomicInteger();
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final Object lock = new Object();
    private final Backoff backoff;
    private final UpstreamCredentials credentials; // null: static credentials (or none)
    private final Deployment deployment;
    private final Runnable onListChanged;
    private final String sessionKey;
    private volatile boolean listening = true;
    private volatile boolean watchAgain; // the last change stream failed to open for a reason that may pass

    // guarded by lock
    private int generation;
    private int restarts;
    private boolean closed;
    private boolean pendingRetry;
    private Connection connection;
    private volatile UpstreamStatus status;
    private volatile UpstreamCatalog catalog = UpstreamCatalog.EMPTY;
    private volatile Implementation serverInfo;
    private final java.util.Set<UpstreamCatalog.ListKind> signalled = java.util.EnumSet.noneOf(UpstreamCatalog.ListKind.class);

    /**
     * A live connection: the client of one generation and its change subscription, and, for an
     * upstream over HTTP, further clients declaring less than every input capability
     * ({@link #call(String, ClientCapabilities, Function)}), opened on first use.
     */
    private record Connection(int generation, McpClient client, Subscription subscription,
                              Map<Asking, McpClient> narrower) {
        Connection(int generation, McpClient client, Subscription subscription) {
            this(generation, client, subscription, new ConcurrentHashMap<>());
        }

        void close() {
            closeQuietly(subscription, client);
            narrower.values().forEach(n -> closeQuietly(null, n));
        }
    }

    /**
     * The input requests a client can answer, as declared upstream: a server asks only what the
     * client declared (per request in 2026-07-28, per session before), so a caller is served by a
     * client declaring what the caller can answer.
     */
    record Asking(boolean form, boolean url, boolean sampling, boolean samplingTools, boolean roots) {
        static final Asking ALL = new Asking(true, true, true, true, true);
        static final Asking NONE = new Asking(false, false, false, false, false);

        static Asking of(ClientCapabilities c) {
            return new Asking(c.hasElicitationForm(), c.hasElicitationUrl(), c.hasSampling(), c.hasSamplingTools(),
                    c.hasRoots());
        }

        /** Short and stable, for keys: one letter per capability declared. */
        String code() {
            return (form ? "f" : "") + (url ? "u" : "") + (sampling ? "s" : "") + (samplingTools ? "t" : "")
                    + (roots ? "r" : "") + "-";
        }
    }

    /**
     * What the gateway's instances share about their upstreams: the deployment's store (upstream
     * sessions), the sealer of their key ring, and this instance's id.
     */
    public record Deployment(dev.switchboard.state.kv.KeyValue store, dev.switchboard.state.seal.Sealer sealer,
                             String instance) {
    }

    /**
     * An upstream, not yet connected ({@link #start()}).
     *
     * @param deployment        where a session-era upstream's session is shared with the other instances
     * @param onChange          called (on some thread) whenever its definitions or health changed
     * @param onResourceUpdated called with the upstream's own URI when it says a listed resource changed
     * @param onListChanged     called when it says a list changed (on this instance's change stream)
     */
    public Upstream(UpstreamConfig config, Implementation clientInfo, ScheduledExecutorService scheduler,
                    Backoff backoff, Deployment deployment, Runnable onChange, Consumer<String> onResourceUpdated,
                    Runnable onListChanged) {
        this.config = config;
        this.deployment = deployment;
        this.onListChanged = onListChanged;
        this.sessionKey = "gateway:upstream-session:" + config.name() + ":" + configDigest(config);
        this.clientInfo = clientInfo;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.onChange = onChange;
        this.onResourceUpdated = onResourceUpdated;
        this.slots = new Semaphore(config.maxConcurrent(), true);
        this.status = new UpstreamStatus(config.name(), Health.STARTING, Instant.now(), null, 0, null, 0);
        this.credentials = config.auth() != null && config.transport() instanceof UpstreamConfig.Http http
                ? new UpstreamCredentials(config.name(), http.url(), config.auth(), java.time.Clock.systemUTC()) : null;
    }

    /**
     * True when it is spoken to in the session era now, so that it asks for input with
     * server-to-client requests during a call rather than with {@code input_required}.
     */
    public boolean sessionEra() {
        Connection c = connection;
        return c != null && c.client().era() == dev.switchboard.client.Era.LEGACY;
    }

    /**
     * True when a call for a caller with {@code caller}'s capabilities may be asked for input by
     * this upstream: the caller declared some input capability, or the one client every caller
     * shares (stdio, or no capabilities known) declares them all.
     */
    public boolean mayAsk(ClientCapabilities caller) {
        return caller == null || !(config.transport() instanceof UpstreamConfig.Http) || !Asking.of(caller).equals(Asking.NONE);
    }

    /** Its configuration. */
    public UpstreamConfig config() {
        return config;
    }

    /** Its state now. */
    public UpstreamStatus status() {
        return status;
    }

    /** How it named itself when last connected ({@code serverInfo}), or null before. */
    public Implementation serverInfo() {
        return serverInfo;
    }

    /** What it offered when last listed (kept while it is unhealthy). */
    public UpstreamCatalog catalog() {
        return catalog;
    }

    /**
     * A digest of what makes an upstream session usable: where it is and in which era it is spoken
     * to. An instance configured otherwise (a rolling change) keeps its sessions apart.
     */
    private static String configDigest(UpstreamConfig config) {
        String where = config.transport() instanceof UpstreamConfig.Http http ? http.url().toString() : "stdio";
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest((where + " " + config.era())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /**
     * Whether this instance holds its change stream: only one instance of a deployment listens to
     * an HTTP upstream at a time ({@link Listeners}); the others hear its changes over the bus.
     * Opens or closes the stream now when connected, else at the next connection.
     */
    public void listening(boolean on) {
        Connection c;
        synchronized (lock) {
            if (listening == on) {
                return;
            }
            listening = on;
            c = connection;
        }
        if (c != null) {
            rewatch(c, c.generation(), catalog);
        }
    }

    /**
     * While listening: opens the change stream again if the last attempt failed for a reason that
     * may have passed (busy, timeout, transport), e.g. a session-era server that still held the
     * stream of the instance that listened before.
     */
    public void keepWatching() {
        Connection c = connection;
        if (listening && watchAgain && c != null && c.subscription() == null) {
            watchAgain = false;
            rewatch(c, c.generation(), catalog);
        }
    }

    /**
     * Lists again soon, as after a list_changed heard on its change stream (by this instance or
     * another); the lists in {@code announce} are announced to the gateway's clients as changed
     * whether or not they did.
     */
    public void changed(java.util.Set<UpstreamCatalog.ListKind> announce) {
        Connection c = connection;
        if (c == null) {
            return;
        }
        announce.forEach(this::signalled);
        relistSoon(c.generation());
    }

    /** Starts the first connection attempt in the background. */
    public void start() {
        Thread.ofVirtual().name("upstream-" + config.name()).start(this::connect);
    }

    /** Waits until the first connection attempt ended, well or not; false on timeout. */
    public boolean awaitFirstAttempt(Duration timeout) throws InterruptedException {
        return firstAttempt.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void connect() {
        int gen;
        synchronized (lock) {
            if (closed) {
                return;
            }
            gen = ++generation;
        }
        McpClient client = null;
        try {
            client = newClient();
            UpstreamCatalog listed = list(client);
            boolean watched = listening;
            Subscription subscription = watched ? watch(client, gen, listed) : null;
            Connection made;
            synchronized (lock) {
                if (closed || gen != generation) {
                    closeQuietly(subscription, client);
                    return;
                }
                connection = new Connection(gen, client, subscription);
                made = connection;
                catalog = listed;
                serverInfo = client.serverInfo();
                timeouts.set(0);
                backoff.reset();
                status = new UpstreamStatus(config.name(), Health.HEALTHY, Instant.now(), null, listed.tools().size(),
                        client.protocolVersion(), restarts);
            }
            if (listening != watched) { // the listener lease moved while connecting
                rewatch(made, gen, listed);
            }
            McpClient c = client;
            c.serverProcess().ifPresent(p -> p.onExit().thenRun(() -> failed(gen, "its process exited" + lastStderr(c))));
            LOG.log(System.Logger.Level.INFO, "upstream " + config.name() + " is healthy (" + client.protocolVersion()
                    + "): " + listed.tools().size() + " tools, " + listed.prompts().size() + " prompts, "
                    + listed.resources().size() + " resources, " + listed.templates().size() + " resource templates");
            onChange.run();
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (client != null) {
                why += lastStderr(client);
                closeQuietly(null, client);
            }
            failed(gen, "cannot connect: " + why);
        } finally {
            firstAttempt.countDown();
        }
    }

    private McpClient newClient() {
        return newClient(Asking.ALL);
    }

    /** A client of this upstream declaring the input capabilities of {@code asking}. */
    private McpClient newClient(Asking asking) {
        McpClient.Builder b = switch (config.transport()) {
            case UpstreamConfig.Http http -> {
                McpClient.Builder hb = McpClient.builder(http.url()).connectTimeout(config.connectTimeout());
                http.headers().forEach(hb::header);
                // in the session era: one session for every instance of the deployment
                hb.sessionStore(new SessionHandles(deployment.store(), deployment.sealer(), sessionKey + ":" + asking.code(),
                        deployment.instance(), config.connectTimeout().plus(config.requestTimeout())));
                if (credentials != null) {
                    hb.authorizer(credentials); // the gateway's own OAuth tokens, never the caller's
                } else if (http.bearerToken() != null) {
                    hb.bearerToken(http.bearerToken());
                }
                yield hb;
            }
            case UpstreamConfig.Stdio stdio -> {
                McpClient.Builder sb = McpClient.builder(stdio.command()).shutdownGrace(Duration.ofSeconds(1));
                stdio.environment().forEach(sb::environment);
                if (stdio.directory() != null) {
                    sb.workingDirectory(stdio.directory());
                }
                yield sb;
            }
        };
        // a session-era upstream's server-to-client requests during a forwarded call are relayed to
        // the gateway's client (ParkedCall); declaring every input capability lets the upstream ask,
        // and the server checks the gateway's client declared what is relayed to it
        if (asking.form() || asking.url()) {
            b.elicitation(r -> ParkedCall.ask(InputRequest.elicit(r), ElicitResult.class), asking.form(), asking.url());
        }
        if (asking.sampling()) {
            b.sampling(r -> ParkedCall.ask(InputRequest.sample(r), CreateMessageResult.class), asking.samplingTools());
        }
        if (asking.roots()) {
            b.roots(r -> ParkedCall.ask(new InputRequest.RootsListing(r), ListRootsResult.class));
        }
        return b.era(config.era()).clientInfo(clientInfo).requestTimeout(config.requestTimeout())
                .maxResponseBytes(config.maxResultBytes()).build();
    }

    /** Every page of every list it declares, with their caching hints. */
    private UpstreamCatalog list(McpClient client) {
        CallOptions o = CallOptions.builder().timeout(config.connectTimeout().plus(config.requestTimeout())).build();
        var caps = client.serverCapabilities();
        java.util.Map<ListKind, CacheHints> hints = new java.util.EnumMap<>(ListKind.class);
        if (client.era() == dev.switchboard.client.Era.MODERN) {
            var d = client.discover(new dev.switchboard.protocol.lifecycle.DiscoverRequest(null), o);
            hints.put(ListKind.DISCOVER, CacheHints.of(d.ttlMs(), d.cacheScope()));
        }
        List<dev.switchboard.protocol.tools.Tool> tools = caps.tools() == null ? List.of() : pages(ListKind.TOOLS, hints,
                cursor -> client.listTools(new dev.switchboard.protocol.tools.ListToolsRequest(cursor, null), o),
                r -> new Page<>(r.tools(), r.nextCursor(), CacheHints.of(r.ttlMs(), r.cacheScope())));
        List<dev.switchboard.protocol.prompts.Prompt> prompts = caps.prompts() == null ? List.of() : pages(ListKind.PROMPTS, hints,
                cursor -> client.listPrompts(new dev.switchboard.protocol.prompts.ListPromptsRequest(cursor, null), o),
                r -> new Page<>(r.prompts(), r.nextCursor(), CacheHints.of(r.ttlMs(), r.cacheScope())));
        List<dev.switchboard.protocol.resources.Resource> resources = caps.resources() == null ? List.of()
                : pages(ListKind.RESOURCES, hints,
                cursor -> client.listResources(new dev.switchboard.protocol.resources.ListResourcesRequest(cursor, null), o),
                r -> new Page<>(r.resources(), r.nextCursor(), CacheHints.of(r.ttlMs(), r.cacheScope())));
        List<dev.switchboard.protocol.resources.ResourceTemplate> templates = caps.resources() == null ? List.of()
                : pages(ListKind.TEMPLATES, hints,
                cursor -> client.listResourceTemplates(
                        new dev.switchboard.protocol.resources.ListResourceTemplatesRequest(cursor, null), o),
                r -> new Page<>(r.resourceTemplates(), r.nextCursor(), CacheHints.of(r.ttlMs(), r.cacheScope())));
        return new UpstreamCatalog(caps, tools, resources, templates, prompts, hints);
    }

    private record Page<T>(List<T> items, String next, CacheHints hints) {
    }

    private <R, T> List<T> pages(ListKind kind, java.util.Map<ListKind, CacheHints> hints, Function<String, R> fetch,
                                 Function<R, Page<T>> read) {
        List<T> all = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = null;
        for (int i = 0; i < MAX_PAGES; i++) {
            Page<T> page = read.apply(fetch.apply(cursor));
            all.addAll(page.items());
            hints.merge(kind, page.hints(), CacheHints::and);
            cursor = page.next();
            if (cursor == null) {
                return all;
            }
            if (!seen.add(cursor)) {
                throw new IllegalStateException("its " + kind.name().toLowerCase(java.util.Locale.ROOT)
                        + " list repeats the cursor \"" + cursor + "\"");
            }
        }
        throw new IllegalStateException("its " + kind.name().toLowerCase(java.util.Locale.ROOT) + " list did not end after "
                + MAX_PAGES + " pages");
    }

    /** Subscribes to the list changes it can report; null when it reports none. */
    private Subscription watch(McpClient client, int gen, UpstreamCatalog listed) {
        var caps = listed.capabilities();
        boolean tools = caps.tools() != null && Boolean.TRUE.equals(caps.tools().listChanged());
        boolean prompts = caps.prompts() != null && Boolean.TRUE.equals(caps.prompts().listChanged());
        boolean resources = caps.resources() != null && Boolean.TRUE.equals(caps.resources().listChanged());
        // the listed resources' updates, to re-announce under the served URIs (templated ones are not listed)
        List<String> updates = caps.resources() != null && Boolean.TRUE.equals(caps.resources().subscribe())
                ? listed.resources().stream().map(Resource::uri).toList() : List.of();
        if (!tools && !prompts && !resources && updates.isEmpty()) {
            return null;
        }
        try {
            return client.listen(new SubscriptionFilter(tools, prompts, resources, updates.isEmpty() ? null : updates, null),
                    new ListenListener() {
                @Override
                public void onResourceUpdated(ResourceUpdatedNotification n) {
                    onResourceUpdated.accept(n.uri());
                }

                @Override
                public void onToolsListChanged(ListChangedNotification n) {
                    signalled(UpstreamCatalog.ListKind.TOOLS);
                    relistSoon(gen);
                    onListChanged.run();
                }

                @Override
                public void onPromptsListChanged(ListChangedNotification n) {
                    signalled(UpstreamCatalog.ListKind.PROMPTS);
                    relistSoon(gen);
                    onListChanged.run();
                }

                @Override
                public void onResourcesListChanged(ListChangedNotification n) {
                    signalled(UpstreamCatalog.ListKind.RESOURCES);
                    relistSoon(gen);
                    onListChanged.run();
                }

                @Override
                public void onDisconnected(McpClientException cause) {
                    // the client reconnects the stream itself; whether the upstream is down, listing tells
                    // (a transport failure marks it unhealthy), and changes missed meanwhile are picked up
                    Thread.ofVirtual().start(() -> relist(gen));
                }

                @Override
                public void onReconnected(SubscriptionFilter honoured) {
                    relistSoon(gen);
                }

                @Override
                public void onClosed(McpClientException cause) {
                    if (cause != null) {
                        failed(gen, "its change stream ended: " + cause.getMessage());
                    }
                }
            });
        } catch (McpClientException e) {
            // busy: a session-era server still holding the GET stream a dead holder left (Listeners tries again)
            int status = e.httpStatus();
            watchAgain = e.kind() != McpClientException.Kind.HTTP_STATUS || status == 409 || status == 425
                    || status == 429 || status == 503;
            // else e.g. a session-era server without a GET stream: it works, it just cannot tell us of changes
            LOG.log(System.Logger.Level.INFO, "upstream " + config.name() + " offers no change notifications ("
                    + e.getMessage() + "); " + (watchAgain ? "trying again shortly"
                    : "its definitions are refreshed periodically"));
            return null;
        }
    }

    private static java.util.Set<String> uris(UpstreamCatalog c) {
        return c.resources().stream().map(Resource::uri).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Replaces the change subscription of generation {@code gen} by one watching {@code listed}'s
     * resources, or by none while this instance does not hold the listener lease.
     */
    private void rewatch(Connection c, int gen, UpstreamCatalog listed) {
        Subscription next = listening ? watch(c.client(), gen, listed) : null;
        Subscription old;
        Subscription unwanted = null;
        synchronized (lock) {
            if (connection == null || connection.generation() != gen) {
                closeQuietly(next, null);
                return;
            }
            if (!listening && next != null) { // the lease went while it opened
                unwanted = next;
                next = null;
            }
            old = connection.subscription();
            connection = new Connection(gen, connection.client(), next, connection.narrower());
        }
        closeQuietly(unwanted, null);
        closeQuietly(old, null);
    }

    /** Lists again (after a list_changed, or periodically) and reports a change. */
    public void relist() {
        Connection c = connection;
        if (c != null) {
            relist(c.generation());
        }
    }

    /** Notes that the upstream said this list changed, for the next rebuild to pass on ({@link #takeSignalled}). */
    private void signalled(UpstreamCatalog.ListKind kind) {
        synchronized (lock) {
            signalled.add(kind);
        }
    }

    /**
     * The lists the upstream said changed since the last call: the gateway tells its clients so,
     * even when what it serves did not change (an upstream's list_changed is passed on).
     */
    public java.util.Set<UpstreamCatalog.ListKind> takeSignalled() {
        synchronized (lock) {
            java.util.Set<UpstreamCatalog.ListKind> taken = java.util.EnumSet.noneOf(UpstreamCatalog.ListKind.class);
            taken.addAll(signalled);
            signalled.clear();
            return taken;
        }
    }

    /**
     * Lists again off the notification thread, coalesced: while a listing runs, any number of
     * further requests cause one more listing after it, not one each (an upstream announcing 500
     * changes in a burst costs two listings, not 500).
     */
    private void relistSoon(int gen) {
        if (relistRequests.getAndIncrement() > 0) {
            return; // a listing is running; it lists once more when done
        }
        Thread.ofVirtual().name("gateway-relist-" + config.name()).start(() -> {
            int served;
            do {
                served = relistRequests.get();
                relist(gen);
            } while (relistRequests.addAndGet(-served) > 0);
        });
    }

    private void relist(int gen) {
        Connection c = connection;
        if (c == null || c.generation() != gen) {
            return;
        }
        try {
            UpstreamCatalog listed = list(c.client());
            boolean rewatch = false;
            synchronized (lock) {
                if (connection == null || connection.generation() != gen) {
                    return;
                }
                UpstreamCatalog before = catalog;
                catalog = listed;
                status = new UpstreamStatus(status.name(), status.health(), status.since(), status.reason(),
                        listed.tools().size(), status.era(), status.restarts());
                if (listening && !uris(before).equals(uris(listed))) {
                    rewatch = true; // the resources to watch for updates changed
                }
            }
            if (rewatch) {
                rewatch(c, gen, listed);
            }
            onChange.run();
        } catch (McpClientException | IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, "upstream " + config.name() + ": listing its definitions again failed: "
                    + e.getMessage());
            if (e instanceof McpClientException m && (m.kind() == McpClientException.Kind.TRANSPORT
                    || m.kind() == McpClientException.Kind.CLOSED)) {
                failed(gen, m.getMessage());
            }
        }
    }

    /**
     * Marks generation {@code gen} failed: closes its client, reports the upstream unhealthy and
     * schedules the next attempt. Does nothing for a generation already replaced.
     */
    void failed(int gen, String reason) {
        Connection dead;
        Duration delay;
        synchronized (lock) {
            if (closed || gen != generation || pendingRetry) {
                return; // replaced, or already failed and waiting for its retry
            }
            dead = connection;
            connection = null;
            if (status.health() == Health.HEALTHY) {
                restarts++;
            }
            delay = backoff.next();
            status = new UpstreamStatus(config.name(), Health.UNHEALTHY, Instant.now(), reason, catalog.tools().size(),
                    status.era(), restarts);
            pendingRetry = true;
        }
        LOG.log(System.Logger.Level.WARNING, "upstream " + config.name() + " is unhealthy: " + reason
                + "; retrying in " + delay.toMillis() + " ms");
        if (dead != null) {
            Thread.ofVirtual().start(dead::close);
        }
        scheduler.schedule(() -> {
            synchronized (lock) {
                pendingRetry = false;
            }
            Thread.ofVirtual().name("upstream-" + config.name()).start(this::connect);
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
        onChange.run();
    }

    /**
     * Runs {@code request} against the upstream within its concurrency limit; {@code what} names
     * it in errors (e.g. {@code tools/call "echo"}).
     *
     * @throws McpException {@link ErrorCode#UPSTREAM_FAILED} when it is unhealthy or the transport
     *                      fails, {@link ErrorCode#UPSTREAM_TIMEOUT} on timeout,
     *                      {@link ErrorCode#UNAVAILABLE} when no slot frees up in time, or the
     *                      upstream's own JSON-RPC error (its message prefixed with its name)
     * @throws CancellationException when the request was cancelled
     */
    public <T> T call(String what, Function<McpClient, T> request) {
        return call(what, null, request);
    }

    /**
     * As {@link #call(String, Function)}, for a caller that can answer the input requests
     * {@code caller} declares (null: any): an upstream over HTTP is then spoken to by a client (in
     * the session era: a session) that declares just those, so that it asks nothing the caller
     * cannot answer. Over stdio there is one client, declaring all; the gateway refuses (-32021)
     * to relay a question its caller cannot answer.
     */
    public <T> T call(String what, ClientCapabilities caller, Function<McpClient, T> request) {
        Connection c = connection;
        if (c == null) {
            UpstreamStatus s = status;
            throw error(ErrorCode.UPSTREAM_FAILED, "Upstream " + config.name() + " is unavailable"
                    + (s.reason() == null ? " (still connecting)" : ": " + s.reason()) + ". Requests to the other upstreams work.");
        }
        // the caller's token, when it is to be exchanged: held on this thread for this call only
        InboundCredential credential = credentials != null && credentials.needsCaller() ? InboundCredential.current() : null;
        if (credentials != null && credentials.needsCaller() && credential == null) {
            throw error(ErrorCode.UPSTREAM_FAILED, "Upstream " + config.name() + " is called with a token exchanged for"
                    + " the caller's access token, and this request has none (the gateway's endpoint must be an OAuth"
                    + " resource server, and the call made on the request's own thread)");
        }
        boolean acquired;
        try {
            acquired = slots.tryAcquire(config.queueTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted waiting for upstream " + config.name());
        }
        if (!acquired) {
            throw new McpException(ErrorCode.UNAVAILABLE, "Upstream " + config.name() + " has " + config.maxConcurrent()
                    + " requests in flight, its limit, and none finished within " + config.queueTimeout().toMillis()
                    + " ms; retry later", JsonObject.of("upstream", Json.of(config.name()),
                    "retryAfterMs", Json.of(config.queueTimeout().toMillis())));
        }
        try {
            McpClient client = clientFor(c, caller);
            T result = credentials == null ? request.apply(client)
                    : UpstreamCredentials.forCaller(credential, () -> request.apply(client));
            timeouts.set(0);
            return result;
        } catch (McpClientException e) {
            throw translate(e, what, c.generation());
        } finally {
            slots.release();
        }
    }

    private McpClient clientFor(Connection c, ClientCapabilities caller) {
        if (caller == null || !(config.transport() instanceof UpstreamConfig.Http)) {
            return c.client();
        }
        Asking asking = Asking.of(caller);
        return asking.equals(Asking.ALL) ? c.client() : c.narrower().computeIfAbsent(asking, this::newClient);
    }

    private RuntimeException translate(McpClientException e, String what, int gen) {
        if (e instanceof AuthorizationException) { // no token for the upstream: the AS refused or is down
            return error(ErrorCode.UPSTREAM_FAILED, e.getMessage() + " (needed for " + what + ")");
        }
        return switch (e.kind()) {
            case ERROR_RESPONSE -> {
                ErrorResponseException r = (ErrorResponseException) e;
                yield new McpException(r.code(), "Upstream " + config.name() + ": " + r.error().message(), r.data(), e);
            }
            case TIMEOUT -> {
                if (timeouts.incrementAndGet() >= TIMEOUTS_TO_UNHEALTHY) {
                    failed(gen, TIMEOUTS_TO_UNHEALTHY + " requests in a row timed out");
                }
                yield error(ErrorCode.UPSTREAM_TIMEOUT, "Upstream " + config.name() + " did not answer " + what + " within "
                        + config.requestTimeout().toMillis() + " ms");
            }
            case CANCELLED -> new CancellationException(what + " cancelled");
            case TRANSPORT, CLOSED -> {
                failed(gen, e.getMessage());
                yield error(ErrorCode.UPSTREAM_FAILED, "Upstream " + config.name() + " failed during " + what + ": "
                        + e.getMessage());
            }
            case INVALID_RESPONSE -> {
                LOG.log(System.Logger.Level.WARNING, "upstream " + config.name() + " answered " + what
                        + " with an invalid response: " + e.getMessage());
                yield error(ErrorCode.UPSTREAM_FAILED, "Upstream " + config.name() + " answered " + what
                        + " with an invalid response: " + e.getMessage());
            }
            case INPUT -> error(ErrorCode.UPSTREAM_FAILED, "Upstream " + config.name() + " asked for input during " + what
                    + " that could not be relayed: " + e.getMessage());
            case HTTP_STATUS, UNAUTHORIZED, UNSUPPORTED -> error(ErrorCode.UPSTREAM_FAILED, "Upstream " + config.name()
                    + " refused " + what + ": " + e.getMessage());
        };
    }

    private McpException error(int code, String message) {
        return new McpException(code, message, JsonObject.of("upstream", Json.of(config.name())));
    }

    private static String lastStderr(McpClient client) {
        String err = client.serverStderr().strip();
        if (err.isEmpty()) {
            return "";
        }
        return "; its stderr ends with: " + (err.length() > 300 ? "..." + err.substring(err.length() - 300) : err);
    }

    private static void closeQuietly(Subscription subscription, McpClient client) {
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a subscription failed: " + e.getMessage());
        }
        try {
            if (client != null) {
                client.close();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing an upstream client failed: " + e.getMessage());
        }
    }

    /** Disconnects (stops a stdio server) and stops retrying. */
    @Override
    public void close() {
        Connection c;
        synchronized (lock) {
            closed = true;
            c = connection;
            connection = null;
        }
        if (c != null) {
            c.close();
        }
        if (credentials != null) {
            credentials.close();
        }
    }
}
