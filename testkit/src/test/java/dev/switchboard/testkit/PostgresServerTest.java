package dev.switchboard.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A throwaway cluster starts, takes a database, listens on 127.0.0.1 only, and leaves nothing behind; missing binaries fail clearly. */
class PostgresServerTest {
    @Test
    void startsCreatesADatabaseAndStopsLeavingNothing() throws Exception {
        Path dir;
        long pid;
        int port;
        try (PostgresServer pg = PostgresServer.start()) {
            port = pg.port();
            pid = pg.pid();
            assertThat(pid).isPositive();
            assertThat(ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("")).endsWith("postgres");
            pg.createDatabase("things");
            assertThat(pg.url("things")).isEqualTo("postgresql://postgres@127.0.0.1:" + port + "/things");
            assertThat(accepts(port)).isTrue();
            assertThatThrownBy(() -> pg.createDatabase("things")).isInstanceOf(IOException.class)
                    .hasMessageContaining("already exists");
            dir = Path.of(ProcessHandle.of(pid).flatMap(h -> h.info().arguments()).map(a -> a[1]).orElseThrow()).getParent();
            assertThat(dir.resolve("data")).isDirectory();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(accepts(port)).isFalse();
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void missingBinariesFailSayingWhereTheyWereLookedFor(@TempDir Path empty) {
        String before = System.getProperty("switchboard.postgres.bin");
        System.setProperty("switchboard.postgres.bin", empty.toString());
        try {
            assertThatThrownBy(PostgresServer::start).isInstanceOf(IOException.class)
                    .hasMessageContaining("PostgreSQL is not installed").hasMessageContaining(empty.toString())
                    .hasMessageContaining("apt-get install postgresql");
        } finally {
            if (before == null) {
                System.clearProperty("switchboard.postgres.bin");
            } else {
                System.setProperty("switchboard.postgres.bin", before);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
