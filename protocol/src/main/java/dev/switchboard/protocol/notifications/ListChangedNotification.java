package dev.switchboard.protocol.notifications;

import dev.switchboard.protocol.json.JsonObject;

/**
 * Params of the three list-changed notifications ({@code notifications/tools/list_changed},
 * {@code notifications/prompts/list_changed}, {@code notifications/resources/list_changed}).
 * The method name says which list; the params hold only {@code _meta}, which on a listen stream
 * carries {@code io.modelcontextprotocol/subscriptionId}.
 *
 * @param meta {@code _meta}, or null
 */
public record ListChangedNotification(JsonObject meta) {
    /** Params without {@code _meta}. */
    public static ListChangedNotification of() {
        return new ListChangedNotification(null);
    }
}
