package dev.switchboard.client;

import dev.switchboard.testkit.RecordingProxy;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.PromptHandler;
import dev.switchboard.server.ResourceHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What listen delivers keeps the result cache honest: each change drops what it made stale, a reconnect drops everything. */
@Timeout(60)
class ListenCacheTest {
    private final ChangingServer server = new ChangingServer();
    private final RecordingProxy proxy;
    private final McpClient client;

    ListenCacheTest() throws Exception {
        proxy = new RecordingProxy(server.endpoint());
        client = McpClient.builder(proxy.endpoint()).cache(true)
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
        server.close();
    }

    private int sent(String method) {
        return proxy.seen(method).size();
    }

    private static String text(ReadResourceResult r) {
        return ((TextResourceContents) r.contents().getFirst()).text();
    }

    @Test
    void aToolListChangeDropsTheCachedListBeforeTheListenerHearsOfIt() throws Exception {
        client.listAllTools();
        client.listAllTools();
        assertThat(sent("tools/list")).as("cached for the hour the server allows").isEqualTo(1);
        List<String> seenInCallback = new CopyOnWriteArrayList<>();
        RecordingListener events = new RecordingListener();
        events.onEvent = e -> {
            if (e.equals("tools")) {
                client.listAllTools().forEach(t -> seenInCallback.add(t.name()));
            }
        };
        try (Subscription s = client.listen(ListenTest.ALL, events)) {
            server.addTool("added");
            assertThat(events.next()).isEqualTo("tools");
            assertThat(seenInCallback).contains("echo", "added");
            assertThat(sent("tools/list")).isEqualTo(2);
            assertThat(client.listAllTools()).extracting(Tool::name).contains("added");
            assertThat(sent("tools/list")).as("cached again").isEqualTo(2);
        }
    }

    @Test
    void aResourceUpdateDropsTheReadOfThatResourceOnly() throws Exception {
        String a = text(client.readResource(ChangingServer.A));
        String b = text(client.readResource(ChangingServer.B));
        assertThat(text(client.readResource(ChangingServer.A))).isEqualTo(a);
        RecordingListener events = new RecordingListener();
        try (Subscription s = client.listen(ListenTest.ALL, events)) {
            server.server().resourceUpdated(ChangingServer.A);
            assertThat(events.next()).isEqualTo("updated " + ChangingServer.A);
            assertThat(text(client.readResource(ChangingServer.A))).isNotEqualTo(a);
            assertThat(text(client.readResource(ChangingServer.B))).isEqualTo(b);
            assertThat(sent("resources/read")).isEqualTo(3);
        }
    }

    @Test
    void aPromptListChangeLeavesTheOtherListsCached() throws Exception {
        client.listAllTools();
        client.listAllPrompts();
        RecordingListener events = new RecordingListener();
        try (Subscription s = client.listen(ListenTest.ALL, events)) {
            server.server().addPrompt(Prompt.of("q", null),
                    PromptHandler.of(g -> GetPromptResult.of(null, PromptMessage.user("y"))));
            assertThat(events.next()).isEqualTo("prompts");
            assertThat(client.listAllPrompts()).extracting(Prompt::name).contains("q");
            client.listAllTools();
            assertThat(sent("prompts/list")).isEqualTo(2);
            assertThat(sent("tools/list")).isEqualTo(1);
        }
    }

    @Test
    void aResourceListChangeDropsTheResourceAndTemplateLists() throws Exception {
        client.listAllResources();
        client.listAllResourceTemplates();
        String a = text(client.readResource(ChangingServer.A));
        RecordingListener events = new RecordingListener();
        try (Subscription s = client.listen(ListenTest.ALL, events)) {
            server.server().addResource(Resource.of("test://c", "c", null),
                    ResourceHandler.of(r -> List.of(TextResourceContents.of(r.uri(), null, "c"))));
            assertThat(events.next()).isEqualTo("resources");
            assertThat(client.listAllResources()).extracting(Resource::uri).contains("test://c");
            client.listAllResourceTemplates();
            assertThat(text(client.readResource(ChangingServer.A))).isEqualTo(a);
            assertThat(sent("resources/list")).isEqualTo(2);
            assertThat(sent("resources/templates/list")).isEqualTo(2);
            assertThat(sent("resources/read")).isEqualTo(1);
        }
    }

    @Test
    void aReconnectDropsEverythingCached() throws Exception {
        RecordingListener events = new RecordingListener();
        try (Subscription s = client.listen(ListenTest.ALL, events)) {
            client.listAllTools();
            client.listAllPrompts();
            String a = text(client.readResource(ChangingServer.A));
            assertThat(proxy.dropStreams()).isEqualTo(1);
            assertThat(events.next()).startsWith("disconnected");
            assertThat(events.next()).isEqualTo("reconnected");
            client.listAllTools();
            client.listAllPrompts();
            assertThat(text(client.readResource(ChangingServer.A))).isNotEqualTo(a);
            assertThat(sent("tools/list")).isEqualTo(2);
            assertThat(sent("prompts/list")).isEqualTo(2);
            assertThat(sent("resources/read")).isEqualTo(2);
        }
    }
}
