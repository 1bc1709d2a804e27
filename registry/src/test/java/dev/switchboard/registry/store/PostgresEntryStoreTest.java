package dev.switchboard.registry.store;

import dev.switchboard.testkit.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PostgreSQL store against a real PostgreSQL (a throwaway cluster from testkit): it passes the
 * contract, creates and migrates its schema, writes all of a change or none of it, and refuses bad
 * URLs and unreachable databases clearly.
 */
class PostgresEntryStoreTest {
    static PostgresServer pg;
    static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    /** A new, empty database; returns its URL. */
    static String freshDatabase() throws Exception {
        String db = "entries_" + DATABASES.incrementAndGet();
        pg.createDatabase(db);
        return pg.url(db);
    }

    @Nested
    class Contract extends EntryStoreContract {
        @Override
        EntryStore open() {
            try {
                return PostgresEntryStore.open(freshDatabase());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void createsTheSchemaOnceAndReopensWhatIsStored() throws Exception {
        String url = freshDatabase();
        try (PostgresEntryStore store = PostgresEntryStore.open(url)) {
            store.putAll(List.of(EntryStoreContract.entry("com.example/a", "1.0.0", "A.")));
        }
        try (PostgresEntryStore again = PostgresEntryStore.open(url)) {
            assertThat(again.all()).extracting(e -> e.server().description()).containsExactly("A.");
        }
        try (Connection c = DriverManager.getConnection(PostgresUrl.parse(url).jdbcUrl(), PostgresUrl.parse(url).properties());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), max(version) FROM registry_schema")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(PostgresEntryStore.schemaVersion());
            assertThat(rs.getInt(2)).isEqualTo(PostgresEntryStore.schemaVersion());
        }
    }

    @Test
    void migratesADatabaseOfTheFirstSchemaKeepingItsEntries() throws Exception {
        String url = freshDatabase();
        String stored = new String(dev.switchboard.protocol.codec.Wire.write(EntryCodec.encode(
                EntryStoreContract.entry("com.example/old", "1.0.0", "Stored by the first schema."))),
                java.nio.charset.StandardCharsets.UTF_8);
        try (Connection c = DriverManager.getConnection(PostgresUrl.parse(url).jdbcUrl(), PostgresUrl.parse(url).properties());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE registry_schema (version integer NOT NULL)");
            s.execute("INSERT INTO registry_schema VALUES (1)");
            s.execute("CREATE TABLE registry_entries (name text NOT NULL, version text NOT NULL, entry json NOT NULL,"
                    + " updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (name, version))");
            try (var ps = c.prepareStatement("INSERT INTO registry_entries (name, version, entry) VALUES (?, ?, ?::json)")) {
                ps.setString(1, "com.example/old");
                ps.setString(2, "1.0.0");
                ps.setString(3, stored);
                ps.execute();
            }
        }
        try (PostgresEntryStore store = PostgresEntryStore.open(url)) {
            assertThat(store.get("com.example/old", "1.0.0")).map(e -> e.server().description()).hasValue("Stored by the first schema.");
            store.putAll(List.of(EntryStoreContract.entry("com.example/old", "1.0.0", "Changed.")));
            assertThat(store.get("com.example/old", "1.0.0")).map(e -> e.server().description()).hasValue("Changed.");
        }
        try (Connection c = DriverManager.getConnection(PostgresUrl.parse(url).jdbcUrl(), PostgresUrl.parse(url).properties());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(version) FROM registry_schema")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(PostgresEntryStore.schemaVersion()).isGreaterThan(1);
        }
    }

    @Test
    void anEntryChangedThroughAnotherStoreIsReadAgainNotServedFromWhatWasDecoded() throws Exception {
        String url = freshDatabase();
        try (PostgresEntryStore one = PostgresEntryStore.open(url); PostgresEntryStore two = PostgresEntryStore.open(url)) {
            one.putAll(List.of(EntryStoreContract.entry("com.example/a", "1.0.0", "First.")));
            assertThat(two.all()).extracting(e -> e.server().description()).containsExactly("First.");
            one.putAll(List.of(EntryStoreContract.entry("com.example/a", "1.0.0", "Second.")));
            assertThat(two.get("com.example/a", "1.0.0")).map(e -> e.server().description()).hasValue("Second.");
            assertThat(two.all()).extracting(e -> e.server().description()).containsExactly("Second.");
            one.remove("com.example/a", "1.0.0");
            assertThat(two.all()).isEmpty();
            assertThat(two.get("com.example/a", "1.0.0")).isEmpty();
        }
    }

    @Test
    void refusesASchemaNewerThanItKnows() throws Exception {
        String url = freshDatabase();
        PostgresEntryStore.open(url).close();
        try (Connection c = DriverManager.getConnection(PostgresUrl.parse(url).jdbcUrl(), PostgresUrl.parse(url).properties());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO registry_schema (version) VALUES (" + (PostgresEntryStore.schemaVersion() + 1) + ")");
        }
        assertThatThrownBy(() -> PostgresEntryStore.open(url)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("newer than this registry knows");
    }

    @Test
    void aChangeIsWrittenWholeOrNotAtAll() throws Exception {
        String url = freshDatabase();
        try (PostgresEntryStore store = PostgresEntryStore.open(url)) {
            store.putAll(List.of(EntryStoreContract.entry("com.example/a", "1.0.0", "A.")));
            // the second row breaks a constraint: the first must not be stored either
            try (Connection c = DriverManager.getConnection(PostgresUrl.parse(url).jdbcUrl(), PostgresUrl.parse(url).properties());
                 Statement s = c.createStatement()) {
                s.execute("ALTER TABLE registry_entries ADD CONSTRAINT no_b CHECK (name <> 'com.example/b')");
            }
            assertThatThrownBy(() -> store.putAll(List.of(EntryStoreContract.entry("com.example/a", "2.0.0", "A2."),
                    EntryStoreContract.entry("com.example/b", "1.0.0", "B."))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot write the registry database");
            assertThat(store.all()).extracting(e -> e.name() + "@" + e.version()).containsExactly("com.example/a@1.0.0");
        }
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword() throws Exception {
        int port = dev.switchboard.testkit.RedisServer.freePort(); // nothing listens there
        assertThatThrownBy(() -> PostgresEntryStore.open("postgresql://app:s3cret@127.0.0.1:" + port + "/registry?connectTimeout=2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to the registry database postgresql://app:***@127.0.0.1:" + port + "/registry")
                .hasMessageNotContaining("s3cret");
    }
}
