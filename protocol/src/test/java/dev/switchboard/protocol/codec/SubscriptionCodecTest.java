package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.subscriptions.SubscriptionsAcknowledged;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenRequest;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionCodecTest {

    @Test
    void readsTheBriefsListenRequest() {
        SubscriptionsListenRequest r = Codec.decode(Wire.parse("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}},\"notifications\":{"
                + "\"toolsListChanged\":true,\"promptsListChanged\":true,\"resourcesListChanged\":true,"
                + "\"resourceSubscriptions\":[\"file:///project/config.json\"]}}"), SubscriptionsListenRequest.class);
        SubscriptionFilter f = r.notifications();
        assertThat(f.wantsToolsListChanged()).isTrue();
        assertThat(f.wantsPromptsListChanged()).isTrue();
        assertThat(f.wantsResourcesListChanged()).isTrue();
        assertThat(f.resourceSubscriptionsOrEmpty()).containsExactly("file:///project/config.json");
        assertThat(f.taskIdsOrEmpty()).isEmpty();
    }

    @Test
    void treatsAnEmptyFilterAsSubscribingToNothing() {
        SubscriptionFilter f = Codec.decode(JsonObject.EMPTY, SubscriptionFilter.class);
        assertThat(f).isEqualTo(SubscriptionFilter.NONE);
        assertThat(f.wantsToolsListChanged()).isFalse();
        assertThat(Codec.encode(f)).isEqualTo(JsonObject.EMPTY);
    }

    @Test
    void readsTheTasksExtensionFilter() {
        SubscriptionFilter f = Codec.decode(Wire.parse("{\"taskIds\":[\"t1\",\"t2\"]}"), SubscriptionFilter.class);
        assertThat(f.taskIdsOrEmpty()).containsExactly("t1", "t2");
    }

    @Test
    void requiresTheFilter() {
        assertThatThrownBy(() -> Codec.decode(JsonObject.EMPTY, SubscriptionsListenRequest.class, "params"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("params.notifications: required member is missing");
    }

    @Test
    void namesThePathOfABadSubscriptionUri() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"notifications\":{\"resourceSubscriptions\":[\"a\",2]}}"),
                SubscriptionsListenRequest.class, "params"))
                .hasMessage("params.notifications.resourceSubscriptions[1]: expected string, got number");
    }

    @Test
    void writesTheAcknowledgementWithTheListenRequestsId() {
        SubscriptionFilter honoured = new SubscriptionFilter(true, null, null, List.of("file:///project/config.json"),
                null);
        assertThat(Codec.encode(SubscriptionsAcknowledged.of(RequestId.of("listen-1"), honoured)))
                .isEqualTo(Wire.parse("{\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":\"listen-1\"},"
                        + "\"notifications\":{\"toolsListChanged\":true,"
                        + "\"resourceSubscriptions\":[\"file:///project/config.json\"]}}"));
    }

    @Test
    void keepsANumericSubscriptionIdANumber() {
        JsonObject o = Codec.encode(SubscriptionsListenResult.of(RequestId.of(42)));
        assertThat(o.getObject("_meta").get(MetaKeys.SUBSCRIPTION_ID)).isEqualTo(JsonNumber.of(42));
        SubscriptionsListenResult back = Codec.decode(o, SubscriptionsListenResult.class);
        assertThat(back.subscriptionId()).isEqualTo(RequestId.of(42));
    }

    @Test
    void writesTheGracefulCloseResult() {
        assertThat(Codec.encode(SubscriptionsListenResult.of(RequestId.of("listen-1"))))
                .isEqualTo(Wire.parse("{\"resultType\":\"complete\",\"_meta\":"
                        + "{\"io.modelcontextprotocol/subscriptionId\":\"listen-1\"}}"));
    }

    @Test
    void reportsNoSubscriptionIdWhenMetaLacksOne() {
        assertThat(new SubscriptionsListenResult(JsonObject.EMPTY).subscriptionId()).isNull();
        assertThat(new SubscriptionsListenResult(JsonObject.of(MetaKeys.SUBSCRIPTION_ID, Json.of(true)))
                .subscriptionId()).isNull();
    }

    @Test
    void requiresMetaOnTheCloseResult() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"resultType\":\"complete\"}"),
                SubscriptionsListenResult.class, "result"))
                .hasMessage("result._meta: required object is missing");
        assertThatThrownBy(() -> new SubscriptionsListenResult(null)).hasMessage("_meta");
    }

    @Test
    void writesAListenRequestWithItsFactory() {
        SubscriptionFilter f = new SubscriptionFilter(null, true, null, null, List.of());
        assertThat(Codec.encode(SubscriptionsListenRequest.of(f)))
                .isEqualTo(Wire.parse("{\"notifications\":{\"promptsListChanged\":true,\"taskIds\":[]}}"));
    }

    @Test
    void refusesANonBooleanFlag() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"toolsListChanged\":\"yes\"}"), SubscriptionFilter.class,
                "params.notifications"))
                .hasMessage("params.notifications.toolsListChanged: expected boolean, got string");
    }
}
