package dev.switchboard.server.internal;

import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.state.embedded.InProcessEventBus;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The listen hub's filter and bus events, apart from a server. */
class ListenHubTest {
    private static final SubscriptionFilter EVERYTHING = new SubscriptionFilter(true, true, true, List.of("a://1"), List.of("task-1"));
    private static final ServerCapabilities FULL = new ServerCapabilities(new ServerCapabilities.ToolsCapability(true),
            new ServerCapabilities.PromptsCapability(true), new ServerCapabilities.ResourcesCapability(true, true),
            null, null, null, null);

    @Test
    void honoursWhatTheCapabilitiesAllow() {
        SubscriptionFilter f = ListenHub.honoured(EVERYTHING, FULL);
        assertThat(f).isEqualTo(new SubscriptionFilter(true, true, true, List.of("a://1"), null));
    }

    @Test
    void neverHonoursTaskIds() {
        assertThat(ListenHub.honoured(EVERYTHING, FULL).taskIds()).isNull();
    }

    @Test
    void dropsKindsWhoseCapabilityIsAbsent() {
        assertThat(ListenHub.honoured(EVERYTHING, ServerCapabilities.EMPTY)).isEqualTo(SubscriptionFilter.NONE);
    }

    @Test
    void dropsKindsWhoseCapabilityDoesNotPromiseChanges() {
        ServerCapabilities basic = new ServerCapabilities(ServerCapabilities.ToolsCapability.BASIC,
                new ServerCapabilities.PromptsCapability(false), new ServerCapabilities.ResourcesCapability(true, false),
                null, null, null, null);
        assertThat(ListenHub.honoured(EVERYTHING, basic))
                .isEqualTo(new SubscriptionFilter(null, null, null, List.of("a://1"), null));
    }

    @Test
    void dropsResourceSubscriptionsWithoutSubscribe() {
        ServerCapabilities noSubscribe = new ServerCapabilities(null, null, new ServerCapabilities.ResourcesCapability(false, true),
                null, null, null, null);
        assertThat(ListenHub.honoured(EVERYTHING, noSubscribe))
                .isEqualTo(new SubscriptionFilter(null, null, true, null, null));
    }

    @Test
    void dropsAnEmptyResourceSubscriptionList() {
        SubscriptionFilter requested = new SubscriptionFilter(null, null, null, List.of(), null);
        assertThat(ListenHub.honoured(requested, FULL).resourceSubscriptions()).isNull();
    }

    @Test
    void honoursNothingThatWasNotRequested() {
        assertThat(ListenHub.honoured(SubscriptionFilter.NONE, FULL)).isEqualTo(SubscriptionFilter.NONE);
        assertThat(ListenHub.honoured(new SubscriptionFilter(false, false, false, null, null), FULL))
                .isEqualTo(SubscriptionFilter.NONE);
    }

    @Test
    void publishesChangesOnTheBusTopic() {
        try (InProcessEventBus bus = new InProcessEventBus()) {
            List<JsonObject> events = new ArrayList<>();
            bus.subscribe(ListenHub.TOPIC, events::add);
            ListenHub hub = new ListenHub(bus);
            hub.publish("tools", null);
            hub.publish("resource", "a://1");
            assertThat(events).extracting(JsonObject::toString)
                    .containsExactly("{\"kind\":\"tools\"}", "{\"kind\":\"resource\",\"uri\":\"a://1\"}");
        }
    }
}
