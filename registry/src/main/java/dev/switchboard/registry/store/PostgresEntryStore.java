package dev.switchboard.registry.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.registry.entry.Entry;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Entries in PostgreSQL, shared by several registry instances.
 *
 * <p><b>Schema.</b> One table, {@code registry_entries (name, version, entry json, updated_at, revision)},
 * with each entry as {@link EntryCodec} writes it (type {@code json}, so the publisher's
 * {@code server.json} is kept as written, and checked again when read; decoded entries are kept
 * in memory by revision, a sequence number each write renews, so unchanged rows are not decoded
 * again). The schema is created, or
 * migrated to the newest version, at start: migrations are numbered, recorded in
 * {@code registry_schema}, and applied in one transaction under an advisory lock, so instances
 * starting together apply each once.
 *
 * <p><b>Several instances.</b> Reads go to the database, so they see every instance's committed
 * changes at once. Each instance's search index lives in its memory, so every change also sends a
 * {@code NOTIFY switchboard_registry} (instance id and name) in its transaction: PostgreSQL delivers
 * it to every listener when, and only if, the transaction commits. {@link #watch} listens on a
 * connection of its own and reports the names other instances changed; an instance reads those
 * names again and re-indexes them. The delay is the commit-to-delivery time (milliseconds on one
 * network) plus at most {@value #POLL_MILLIS} ms of the listener's poll. Notifications sent while
 * the listening connection is down are lost, so after reconnecting the listener reports
 * {@link Changes#missed()} and the instance rebuilds its index. LISTEN/NOTIFY was chosen over
 * polling an {@code updated_at} watermark: it carries removals (a watermark needs tombstones) and
 * costs nothing while nothing changes.
 *
 * <p>A name's versions are changed by one instance at a time ({@link #exclusively}: an advisory
 * lock per name), so two instances never both decide which version is latest.
 *
 * <p>Connections come from a small HikariCP pool ({@value #POOL_SIZE}); {@link #putAll} and
 * {@link #remove} each run in one transaction.
 */
public final class PostgresEntryStore implements EntryStore {
    /** The channel changes are announced on. */
    static final String CHANNEL = "switchboard_registry";
    static final int POOL_SIZE = 8;
    static final long POLL_MILLIS = 250;
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    /** Migrations, in order: the schema's version is how many have been applied. Append only. */
    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE registry_entries (
                name       text        NOT NULL,
                version    text        NOT NULL,
                entry      json        NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (name, version)
            )""", """
            CREATE SEQUENCE registry_revision;
            ALTER TABLE registry_entries ADD COLUMN revision bigint NOT NULL DEFAULT nextval('registry_revision')""", """
            ALTER TABLE registry_entries ALTER COLUMN name TYPE text COLLATE "C", ALTER COLUMN version TYPE text COLLATE "C\"""");
    /** An arbitrary constant: the advisory lock taken while migrating. */
    private static final long MIGRATION_LOCK = 0x5357_4252_4547L;

    private final PostgresUrl url;
    private final HikariDataSource pool;
    private final String instance = UUID.randomUUID().toString();
    /** Decoded entries by {@link #key}, with the revision of the row they were decoded from. */
    private final Map<String, Decoded> decoded = new ConcurrentHashMap<>();
    private volatile Thread listener;
    private volatile boolean closed;

    private PostgresEntryStore(PostgresUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /**
     * Connects to the database at {@code url} ({@code postgresql://user:password@host:port/db}) and
     * creates or migrates the schema.
     *
     * @throws IllegalArgumentException when the URL is not a PostgreSQL URL
     * @throws StoreUnavailableException when the database cannot be reached or migrated (the URL, without password, is named)
     */
    public static PostgresEntryStore open(String url) {
        return open(PostgresUrl.parse(url));
    }

    /** {@link #open(String)} with a parsed URL. */
    public static PostgresEntryStore open(PostgresUrl url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setDataSourceProperties(url.properties());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setPoolName("switchboard-registry");
        config.setConnectionTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot connect to the registry database " + url + ": " + rootMessage(e), e);
        }
        PostgresEntryStore store = new PostgresEntryStore(url, pool);
        try {
            store.migrate();
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new StoreUnavailableException("cannot prepare the registry database " + url + ": " + rootMessage(e), e);
        }
        return store;
    }

    /** How many migrations the schema has; the newest schema has them all. */
    static int schemaVersion() {
        return MIGRATIONS.size();
    }

    private void migrate() throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                s.execute("CREATE TABLE IF NOT EXISTS registry_schema (version integer NOT NULL)");
                int version;
                try (ResultSet rs = s.executeQuery("SELECT max(version) FROM registry_schema")) {
                    rs.next();
                    version = rs.getInt(1);
                }
                if (version > MIGRATIONS.size()) {
                    throw new IllegalStateException("its schema is version " + version + ", newer than this registry knows ("
                            + MIGRATIONS.size() + "): run a newer Switchboard");
                }
                for (int i = version; i < MIGRATIONS.size(); i++) {
                    s.execute(MIGRATIONS.get(i));
                    s.execute("INSERT INTO registry_schema (version) VALUES (" + (i + 1) + ")");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public Optional<Entry> get(String name, String version) {
        List<Entry> found = read("WHERE name = ? AND version = ?", false, name, version);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    @Override
    public List<Entry> versions(String name) {
        return read("WHERE name = ?", false, name);
    }

    @Override
    public List<Entry> all() {
        // the columns collate as "C" (migration 3): byte order, String.compareTo's for the ASCII names
        // and versions hold, and the primary key's order, so listing reads the index in order
        return read("ORDER BY name, version", true);
    }

    @Override
    public List<Entry> after(String name, String version, int limit) {
        return name == null ? read("ORDER BY name, version LIMIT ?::integer", false, Integer.toString(limit))
                : read("WHERE (name, version) > (?, ?) ORDER BY name, version LIMIT ?::integer", false, name, version,
                Integer.toString(limit));
    }

    /**
     * The entries of the rows {@code clause} selects, in its order. Decoding an entry (parsing it and
     * validating its {@code server.json}) costs far more than reading its key, so decoded entries are
     * kept by name, version and revision (a sequence number every write renews): the rows' keys and
     * revisions are read first, then only the documents not already decoded at that revision.
     *
     * @param whole the clause selects every row: forget decoded entries whose rows are gone
     */
    private List<Entry> read(String clause, boolean whole, String... params) {
        try (Connection c = pool.getConnection()) {
            List<String> keys = new ArrayList<>();
            Map<String, Long> revisions = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, version, revision FROM registry_entries " + clause)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setString(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String key = key(rs.getString(1), rs.getString(2));
                        keys.add(key);
                        revisions.put(key, rs.getLong(3));
                    }
                }
            }
            List<String> missing = keys.stream().filter(k -> {
                Decoded d = decoded.get(k);
                return d == null || d.revision() != revisions.get(k);
            }).toList();
            if (!missing.isEmpty()) {
                fetch(c, missing);
            }
            if (whole) {
                decoded.keySet().retainAll(revisions.keySet());
            }
            List<Entry> out = new ArrayList<>(keys.size());
            for (String k : keys) {
                Decoded d = decoded.get(k);
                if (d != null) { // null: removed between the two reads
                    out.add(d.entry());
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("read", e);
        }
    }

    /** Reads and decodes the entries at {@code keys} (as {@link #key}), as they are now. */
    private void fetch(Connection c, List<String> keys) throws SQLException {
        String[] names = new String[keys.size()];
        String[] versions = new String[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            int cut = keys.get(i).indexOf('\u0000');
            names[i] = keys.get(i).substring(0, cut);
            versions[i] = keys.get(i).substring(cut + 1);
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT e.name, e.version, e.revision, e.entry FROM registry_entries e
                JOIN unnest(?::text[], ?::text[]) AS k(name, version) ON e.name = k.name AND e.version = k.version""")) {
            ps.setArray(1, c.createArrayOf("text", names));
            ps.setArray(2, c.createArrayOf("text", versions));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    decoded.put(key(rs.getString(1), rs.getString(2)), new Decoded(rs.getLong(3), decode(rs.getString(4))));
                }
            }
        }
    }

    private static String key(String name, String version) {
        return name + "\u0000" + version;
    }

    /** An entry as decoded at a revision of its row. */
    private record Decoded(long revision, Entry entry) {
    }

    private Entry decode(String json) {
        return EntryCodec.decode(Wire.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void putAll(Collection<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Map<String, Entry> unique = new LinkedHashMap<>(); // one row per key: the last one given wins, as in a map
        entries.forEach(e -> unique.put(e.name() + "\u0000" + e.version(), e));
        Set<String> names = new LinkedHashSet<>();
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO registry_entries (name, version, entry, updated_at) VALUES (?, ?, ?::json, now())
                    ON CONFLICT (name, version) DO UPDATE
                    SET entry = EXCLUDED.entry, updated_at = EXCLUDED.updated_at, revision = nextval('registry_revision')""")) {
                for (Entry e : unique.values()) {
                    ps.setString(1, e.name());
                    ps.setString(2, e.version());
                    ps.setString(3, new String(Wire.write(EntryCodec.encode(e)), StandardCharsets.UTF_8));
                    ps.addBatch();
                    names.add(e.name());
                }
                ps.executeBatch();
            }
            announce(c, names);
            return null;
        });
    }

    @Override
    public boolean remove(String name, String version) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM registry_entries WHERE name = ? AND version = ?")) {
                ps.setString(1, name);
                ps.setString(2, version);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            announce(c, Set.of(name));
            decoded.remove(key(name, version));
            return true;
        });
    }

    /** Notifies listeners of {@code names}; PostgreSQL delivers it when the transaction commits. */
    private void announce(Connection c, Set<String> names) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            for (String name : names) {
                ps.setString(1, instance + " " + name);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed("write", e);
        }
    }

    /** Holds a PostgreSQL advisory lock on {@code name} (on a connection of its own) while {@code work} runs. */
    @Override
    public <T> T exclusively(String name, Supplier<T> work) {
        try (Connection c = pool.getConnection()) {
            advisory(c, "pg_advisory_lock", name);
            try {
                return work.get();
            } finally {
                advisory(c, "pg_advisory_unlock", name);
            }
        } catch (SQLException e) {
            throw failed("lock a name in", e);
        }
    }

    private static void advisory(Connection c, String function, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(hashtextextended(?, 0))")) {
            ps.setString(1, CHANNEL + ":" + name);
            ps.execute();
        }
    }

    @Override
    public synchronized void watch(Changes changes) {
        if (listener != null) {
            throw new IllegalStateException("already watched");
        }
        Connection first;
        try {
            first = listen();
        } catch (SQLException e) {
            throw failed("listen to", e);
        }
        listener = Thread.ofPlatform().daemon().name("registry-postgres-listener").start(() -> receive(first, changes));
    }

    private Connection listen() throws SQLException {
        Connection c = DriverManager.getConnection(url.jdbcUrl(), url.properties());
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The listener's loop: reports others' changes, reconnecting (and reporting missed ones) when the connection drops. */
    private void receive(Connection first, Changes changes) {
        Connection c = first;
        while (!closed) {
            try {
                if (c == null) {
                    c = listen();
                    changes.missed();
                }
                PGNotification[] got = c.unwrap(PGConnection.class).getNotifications((int) POLL_MILLIS);
                if (got == null) {
                    continue;
                }
                Set<String> names = new LinkedHashSet<>();
                for (PGNotification n : got) {
                    String payload = n.getParameter();
                    int space = payload.indexOf(' ');
                    if (space > 0 && !payload.substring(0, space).equals(instance)) {
                        names.add(payload.substring(space + 1));
                    }
                }
                names.forEach(changes::changed);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                closeQuietly(c);
                c = null;
                try {
                    Thread.sleep(RECONNECT);
                } catch (InterruptedException interrupted) {
                    break;
                }
            }
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    private IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " the registry database " + url + ": " + e.getMessage(), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void close() {
        closed = true;
        Thread t = listener;
        if (t != null) {
            t.interrupt();
            try {
                t.join(POLL_MILLIS * 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.close();
    }
}
