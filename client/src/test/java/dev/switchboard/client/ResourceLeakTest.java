package dev.switchboard.client;

import dev.switchboard.http.McpHttpServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A closed client leaves no threads behind, whatever state it was closed in. */
class ResourceLeakTest {

    private static List<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("mcp-client")).toList();
    }

    private static void awaitNoClientThreads() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!clientThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(clientThreads()).isEmpty();
    }

    @Test
    void closingReleasesEveryThread() throws Exception {
        try (McpHttpServer demo = RealServers.demo()) {
            for (Era era : Era.values()) {
                try (McpClient client = RealServers.client(demo.endpoint(), era)) {
                    client.listAllTools();
                    assertThat(clientThreads()).isNotEmpty();
                }
            }
        }
        awaitNoClientThreads();
    }

    @Test
    void closingAClientWithOpenSubscriptionsReleasesEveryThread() throws Exception {
        try (McpHttpServer demo = RealServers.demo()) {
            for (Era era : new Era[] {Era.MODERN, Era.LEGACY}) {
                McpClient client = RealServers.client(demo.endpoint(), era);
                client.listen(ListenTest.ALL, new ListenListener() { });
                client.listen(ListenTest.ALL, new ListenListener() { });
                assertThat(clientThreads()).anyMatch(n -> n.startsWith("mcp-client-listen"));
                client.close();
            }
        }
        awaitNoClientThreads();
    }

    @Test
    void clientsSharingAPoolLeaveItOpenAndClosingThePoolReleasesEverything() throws Exception {
        try (McpHttpServer demo = RealServers.demo(); ClientConnections pool = ClientConnections.create()) {
            List<McpClient> clients = new java.util.ArrayList<>();
            try {
                for (Era era : new Era[] {Era.MODERN, Era.LEGACY, Era.AUTO}) {
                    McpClient client = McpClient.builder(demo.endpoint()).era(era).connections(pool).build();
                    clients.add(client);
                    assertThat(client.listAllTools()).isNotEmpty();
                }
                assertThat(clientThreads().stream().filter(n -> n.startsWith("mcp-client-timer")))
                        .as("one pool (one scheduler) for three clients").hasSize(1);
            } finally {
                clients.forEach(McpClient::close);
            }
            try (McpClient again = McpClient.builder(demo.endpoint()).connections(pool).build()) {
                assertThat(again.listAllTools()).as("the pool still works after its clients closed").isNotEmpty();
            }
        }
        awaitNoClientThreads();
    }

    @Test
    void aClientThatNeverConnectedClosesCleanly() throws Exception {
        McpClient client = McpClient.builder(java.net.URI.create("http://127.0.0.1:9/mcp")).build();
        client.close();
        awaitNoClientThreads();
    }

    @Test
    void clientThreadsAreDaemonsSoAForgottenClientCannotHoldTheJvm() {
        try (McpClient client = McpClient.builder(java.net.URI.create("http://127.0.0.1:9/mcp")).build()) {
            assertThat(Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("mcp-client"))).allMatch(Thread::isDaemon);
            assertThat(client.endpoint().getPort()).isEqualTo(9);
        }
    }
}
