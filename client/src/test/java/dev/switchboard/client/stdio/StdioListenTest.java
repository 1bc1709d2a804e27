package dev.switchboard.client.stdio;

import dev.switchboard.client.Era;
import dev.switchboard.client.ListenListener;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.Subscription;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link McpClient#listen} over stdio: a tagged listen request (2026-07-28) or the server's untagged output (session era). */
@Timeout(60)
class StdioListenTest {
    static final SubscriptionFilter TOOLS_AND_A = new SubscriptionFilter(true, null, null, List.of("test://a"), null);

    /** Records events as strings, waiting for each. */
    static final class Events implements ListenListener {
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

        String next() throws InterruptedException {
            String e = queue.poll(20, TimeUnit.SECONDS);
            assertThat(e).as("an event within 20 s").isNotNull();
            return e;
        }

        @Override
        public void onToolsListChanged(ListChangedNotification n) {
            queue.add("tools");
        }

        @Override
        public void onResourceUpdated(ResourceUpdatedNotification n) {
            queue.add("updated " + n.uri());
        }

        @Override
        public void onClosed(McpClientException cause) {
            queue.add("closed " + (cause == null ? null : cause.kind()));
        }
    }

    private static void awaitStderr(McpClient client, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!client.serverStderr().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(client.serverStderr()).contains(text);
    }

    @Test
    void ourServerDeliversToTheListenRequestAndClosingCancelsIt() throws Exception {
        Events events = new Events();
        try (McpClient client = McpClient.builder(StdioServers.command("changing"))
                .requestTimeout(Duration.ofSeconds(30)).build()) {
            assertThat(client.era()).isEqualTo(Era.MODERN);
            Subscription s = client.listen(TOOLS_AND_A, events);
            assertThat(s.honoured().wantsToolsListChanged()).isTrue();
            client.callTool("add_tool", JsonObject.EMPTY);
            assertThat(events.next()).isEqualTo("tools");
            s.close();
            assertThat(events.next()).isEqualTo("closed null");
            awaitStderr(client, "\"method\":\"notifications/cancelled\"");
            assertThat(client.listAllTools()).extracting(Tool::name).contains("added");
        }
    }

    @Test
    void aServerThatExitsEndsTheSubscriptionForGood() throws Exception {
        Events events = new Events();
        try (McpClient client = McpClient.builder(StdioServers.command("changing"))
                .requestTimeout(Duration.ofSeconds(30)).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
                .build()) {
            client.listen(TOOLS_AND_A, events);
            try {
                client.callTool("exit", JsonObject.EMPTY);
            } catch (McpClientException e) {
                // the process died before answering
            }
            assertThat(events.next()).isEqualTo("closed TRANSPORT");
        }
    }

    @Test
    void aSessionEraServersUntaggedNotificationsAreTheStream() throws Exception {
        Events events = new Events();
        try (McpClient client = McpClient.builder(StdioServers.command("legacy-notifier"))
                .requestTimeout(Duration.ofSeconds(30)).build()) {
            assertThat(client.era()).isEqualTo(Era.LEGACY);
            Subscription s = client.listen(TOOLS_AND_A, events);
            assertThat(s.honoured()).isEqualTo(TOOLS_AND_A);
            awaitStderr(client, "got resources/subscribe {\"uri\":\"test://a\"}");
            client.callTool("poke", JsonObject.EMPTY);
            assertThat(events.next()).isEqualTo("tools");
            assertThat(events.next()).as("test://b was not asked for").isEqualTo("updated test://a");
            s.close();
            assertThat(events.next()).isEqualTo("closed null");
            awaitStderr(client, "got resources/unsubscribe {\"uri\":\"test://a\"}");
        }
    }
}
