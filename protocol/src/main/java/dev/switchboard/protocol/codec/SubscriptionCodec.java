package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.subscriptions.SubscriptionsAcknowledged;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenRequest;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenResult;

/** {@code subscriptions/listen}: filter, request, acknowledgement and closing result. */
final class SubscriptionCodec {
    private SubscriptionCodec() {
    }

    static SubscriptionFilter decodeFilter(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new SubscriptionFilter(f.optBoolean("toolsListChanged"), f.optBoolean("promptsListChanged"),
                f.optBoolean("resourcesListChanged"), f.optStrings("resourceSubscriptions"), f.optStrings("taskIds"));
    }

    static JsonObject encode(SubscriptionFilter s) {
        return JsonObject.builder().put("toolsListChanged", s.toolsListChanged())
                .put("promptsListChanged", s.promptsListChanged()).put("resourcesListChanged", s.resourcesListChanged())
                .put("resourceSubscriptions", Shared.strings(s.resourceSubscriptions()))
                .put("taskIds", Shared.strings(s.taskIds())).build();
    }

    static SubscriptionsListenRequest decodeListenRequest(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new SubscriptionsListenRequest(f.required("notifications", SubscriptionCodec::decodeFilter), f.meta());
    }

    static JsonObject encode(SubscriptionsListenRequest r) {
        return JsonObject.builder().put(Shared.META, r.meta()).put("notifications", encode(r.notifications())).build();
    }

    static SubscriptionsAcknowledged decodeAcknowledged(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new SubscriptionsAcknowledged(f.required("notifications", SubscriptionCodec::decodeFilter), f.meta());
    }

    static JsonObject encode(SubscriptionsAcknowledged n) {
        return JsonObject.builder().put(Shared.META, n.meta()).put("notifications", encode(n.notifications())).build();
    }

    static SubscriptionsListenResult decodeListenResult(Json json, String path) {
        Fields f = Fields.of(json, path);
        Shared.requireComplete(f);
        return new SubscriptionsListenResult(f.object(Shared.META));
    }

    static JsonObject encode(SubscriptionsListenResult r) {
        return Shared.completeResult().put(Shared.META, r.meta()).build();
    }
}
