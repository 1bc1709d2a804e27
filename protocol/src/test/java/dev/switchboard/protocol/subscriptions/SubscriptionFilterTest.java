package dev.switchboard.protocol.subscriptions;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.jsonrpc.RequestId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionFilterTest {

    @Test
    void treatsFalseAndAbsentAlike() {
        SubscriptionFilter f = new SubscriptionFilter(false, null, Boolean.TRUE, null, null);
        assertThat(f.wantsToolsListChanged()).isFalse();
        assertThat(f.wantsPromptsListChanged()).isFalse();
        assertThat(f.wantsResourcesListChanged()).isTrue();
    }

    @Test
    void returnsEmptyListsForAbsentSubscriptions() {
        assertThat(SubscriptionFilter.NONE.resourceSubscriptionsOrEmpty()).isEmpty();
        assertThat(SubscriptionFilter.NONE.taskIdsOrEmpty()).isEmpty();
    }

    @Test
    void copiesItsLists() {
        List<String> uris = new ArrayList<>(List.of("file:///a"));
        SubscriptionFilter f = new SubscriptionFilter(null, null, null, uris, null);
        uris.add("file:///b");
        assertThat(f.resourceSubscriptions()).containsExactly("file:///a");
    }

    @Test
    void putsTheSubscriptionIdInTheAcknowledgementsMeta() {
        SubscriptionsAcknowledged ack = SubscriptionsAcknowledged.of(RequestId.of(9), SubscriptionFilter.NONE);
        assertThat(ack.meta().get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(Json.of(9));
    }

    @Test
    void readsTheSubscriptionIdOfTheCloseResult() {
        assertThat(SubscriptionsListenResult.of(RequestId.of("listen-1")).subscriptionId())
                .isEqualTo(RequestId.of("listen-1"));
    }

    @Test
    void requiresTheFilterEverywhere() {
        assertThatThrownBy(() -> SubscriptionsListenRequest.of(null)).hasMessage("notifications");
        assertThatThrownBy(() -> new SubscriptionsAcknowledged(null, null)).hasMessage("notifications");
    }
}
