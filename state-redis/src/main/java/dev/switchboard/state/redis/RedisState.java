package dev.switchboard.state.redis;

import dev.switchboard.state.StateUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Redis (or Valkey) state of one Switchboard instance: a {@link RedisStore} ({@code KeyValue}
 * and {@code Counters}), a {@link RedisEventBus}, a {@link RedisTaskStore} ({@code TaskStore}) and
 * {@link RedisAuditLog}s ({@code AuditLog}), over one Lettuce client with two connections, one
 * shared by every command and one dedicated to pub/sub. Every instance of a deployment connects to
 * the same Redis and so sees the same keys, counters, marks, events, tasks and audit chains.
 *
 * <pre>{@code
 * try (RedisState state = RedisState.connect(URI.create("redis://127.0.0.1:6379"))) {
 *     McpServer server = McpServer.builder()...eventBus(state.bus())...build();
 *     RedisAuditLog audit = state.auditLog("decisions", dataDir.resolve("audit-spool.jsonl"));
 * }
 * }</pre>
 *
 * <p><b>Failures.</b> Nothing blocks longer than the timeout (default 2 s):
 * connecting, every command, subscribing. While the connection is down, calls fail at once
 * with {@link StateUnavailableException} (they are not queued), and Lettuce reconnects in the
 * background with a delay capped at one second; the bus then resubscribes its topics by itself.
 * Events published while a subscriber's connection is down are lost (the bus is at-most-once);
 * audit records are not: they spool to a local file and are chained once Redis is back.
 *
 * <p>Thread-safe. Closing releases the connections and the client's threads.
 */
public final class RedisState implements AutoCloseable {
    /** The namespace prefixed to every key and channel unless configured otherwise. */
    public static final String DEFAULT_NAMESPACE = "sb:";
    /** How long any call may take before it fails, unless configured otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** How often an audit log tries to flush its local spool, unless configured otherwise. */
    public static final Duration DEFAULT_SPOOL_FLUSH = Duration.ofSeconds(1);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final RedisStore store;
    private final RedisEventBus bus;
    private final RedisTaskStore tasks;
    private final String namespace;
    private final Failures failures;
    private final List<RedisAuditLog> auditLogs = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisState(ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> commands,
                       StatefulRedisPubSubConnection<String, String> pubsub, String namespace, Failures failures) {
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.pubsub = pubsub;
        this.store = new RedisStore(commands.sync(), namespace, failures);
        this.bus = new RedisEventBus(commands.sync(), pubsub, namespace, failures);
        this.tasks = new RedisTaskStore(commands.sync(), namespace, failures);
        this.namespace = namespace;
        this.failures = failures;
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == pubsub) {
                    bus.connectionLost();
                }
            }
        });
    }

    /**
     * Connects to {@code redisUri} (e.g. {@code redis://127.0.0.1:6379/0}, {@code rediss://:secret@host})
     * with the default namespace and timeout. Blocks for at most the timeout.
     *
     * @throws StateUnavailableException when Redis cannot be reached in time
     */
    public static RedisState connect(URI redisUri) {
        return connect(redisUri, DEFAULT_NAMESPACE, DEFAULT_TIMEOUT);
    }

    /**
     * Connects to {@code redisUri}, prefixing every key and channel with {@code namespace} (so
     * several deployments can share one Redis) and bounding every call by {@code timeout}.
     *
     * @throws StateUnavailableException when Redis cannot be reached within {@code timeout}
     * @throws IllegalArgumentException when the URI is not a Redis URI or the timeout is not positive
     */
    public static RedisState connect(URI redisUri, String namespace, Duration timeout) {
        Objects.requireNonNull(redisUri, "redisUri");
        Objects.requireNonNull(namespace, "namespace");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        RedisURI uri = RedisURI.create(redisUri);
        uri.setTimeout(timeout);
        Failures failures = new Failures("Redis at " + uri.getHost() + ":" + uri.getPort(), timeout);

        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                // reconnect soon after an outage ends, without hammering a Redis that stays down
                .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // fail fast while disconnected instead of queueing commands until the timeout
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        try {
            // both connections in parallel, within one deadline: Lettuce's handshake may otherwise
            // spend the timeout more than once (HELLO, then a RESP2 fallback) per connection. The
            // deadline starts once they are under way, so a cold JVM's class loading does not count.
            ConnectionFuture<StatefulRedisConnection<String, String>> commands = client.connectAsync(StringCodec.UTF8, uri);
            ConnectionFuture<StatefulRedisPubSubConnection<String, String>> pubsub = client.connectPubSubAsync(StringCodec.UTF8, uri);
            long deadline = System.nanoTime() + timeout.toNanos();
            return new RedisState(resources, client, await(commands, deadline, failures), await(pubsub, deadline, failures),
                    namespace, failures);
        } catch (RuntimeException e) {
            shutdown(client, resources); // also closes a connection that did open
            throw e instanceof RedisException re ? failures.unavailable("connect", re) : e;
        }
    }

    private static <C> C await(ConnectionFuture<C> connecting, long deadline, Failures failures) {
        try {
            return connecting.toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw failures.unavailable("connect", new RedisCommandTimeoutException("connect timed out"));
        } catch (ExecutionException e) {
            throw failures.unavailable("connect", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.unavailable("connect", e);
        }
    }

    /** Keys, sets, counters and marks. */
    public RedisStore store() {
        return store;
    }

    /** Task records of the Tasks extension. */
    public RedisTaskStore tasks() {
        return tasks;
    }

    /**
     * Opens the audit log {@code name} (letters, digits, {@code . _ -}; at most 64), shared by every
     * instance that opens the same name, spooling to {@code spoolFile} while Redis is unreachable and
     * flushing that spool every second once it is back. Each instance needs its own spool file.
     * {@link #close()} closes it too.
     *
     * @throws IOException           when the spool file cannot be opened
     * @throws IllegalStateException when another open log uses the spool file
     */
    public RedisAuditLog auditLog(String name, Path spoolFile) throws IOException {
        return auditLog(name, spoolFile, DEFAULT_SPOOL_FLUSH);
    }

    /** {@link #auditLog(String, Path)}, trying to flush the spool every {@code flushInterval}. */
    public RedisAuditLog auditLog(String name, Path spoolFile, Duration flushInterval) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spoolFile, "spoolFile");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("an audit log name is 1 to 64 letters, digits, '.', '_' or '-': \"" + name + "\"");
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive: " + flushInterval);
        }
        if (closed.get()) {
            throw new IllegalStateException("this Redis state is closed");
        }
        RedisAuditLog log = new RedisAuditLog(commands.sync(), namespace, name, spoolFile, flushInterval, Clock.systemUTC(), failures);
        auditLogs.add(log);
        return log;
    }

    /** The event bus. Closing it stops delivery; {@link #close()} closes it too. */
    public RedisEventBus bus() {
        return bus;
    }

    /** Closes the bus, both connections and the client. Idempotent; blocks for at most a few seconds. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        auditLogs.forEach(RedisAuditLog::close);
        bus.close();
        pubsub.close();
        commands.close();
        shutdown(client, resources);
    }

    private static void shutdown(RedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    }
}
