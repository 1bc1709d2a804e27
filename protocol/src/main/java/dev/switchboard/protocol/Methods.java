package dev.switchboard.protocol;

import java.util.Set;

/** JSON-RPC method names of MCP (2026-07-28, the Tasks extension and the session era). */
public final class Methods {
    /** Server capabilities and versions. */
    public static final String SERVER_DISCOVER = "server/discover";
    /** List tools. */
    public static final String TOOLS_LIST = "tools/list";
    /** Call a tool. */
    public static final String TOOLS_CALL = "tools/call";
    /** List resources. */
    public static final String RESOURCES_LIST = "resources/list";
    /** List resource templates. */
    public static final String RESOURCES_TEMPLATES_LIST = "resources/templates/list";
    /** Read a resource. */
    public static final String RESOURCES_READ = "resources/read";
    /** List prompts. */
    public static final String PROMPTS_LIST = "prompts/list";
    /** Get a prompt. */
    public static final String PROMPTS_GET = "prompts/get";
    /** Argument completion. */
    public static final String COMPLETION_COMPLETE = "completion/complete";
    /** Open a change-notification stream. */
    public static final String SUBSCRIPTIONS_LISTEN = "subscriptions/listen";
    /** Tasks extension: read a task. */
    public static final String TASKS_GET = "tasks/get";
    /** Tasks extension: answer a task's input requests. */
    public static final String TASKS_UPDATE = "tasks/update";
    /** Tasks extension: cancel a task. */
    public static final String TASKS_CANCEL = "tasks/cancel";

    /** Session era: handshake. */
    public static final String INITIALIZE = "initialize";
    /** Session era: ping (both directions). */
    public static final String PING = "ping";
    /** Session era: session log level. */
    public static final String LOGGING_SET_LEVEL = "logging/setLevel";
    /** Session era: subscribe to a resource. */
    public static final String RESOURCES_SUBSCRIBE = "resources/subscribe";
    /** Session era: unsubscribe from a resource. */
    public static final String RESOURCES_UNSUBSCRIBE = "resources/unsubscribe";

    /** Input request (MRTR) or session-era server-to-client request: elicitation. */
    public static final String ELICITATION_CREATE = "elicitation/create";
    /** Input request: sampling. */
    public static final String SAMPLING_CREATE_MESSAGE = "sampling/createMessage";
    /** Input request: roots. */
    public static final String ROOTS_LIST = "roots/list";

    /** Notification: progress. */
    public static final String NOTIFICATION_PROGRESS = "notifications/progress";
    /** Notification: log message. */
    public static final String NOTIFICATION_MESSAGE = "notifications/message";
    /** Notification: cancellation (stdio and session era). */
    public static final String NOTIFICATION_CANCELLED = "notifications/cancelled";
    /** Notification: session-era handshake done. */
    public static final String NOTIFICATION_INITIALIZED = "notifications/initialized";
    /** Notification: tool list changed. */
    public static final String NOTIFICATION_TOOLS_LIST_CHANGED = "notifications/tools/list_changed";
    /** Notification: prompt list changed. */
    public static final String NOTIFICATION_PROMPTS_LIST_CHANGED = "notifications/prompts/list_changed";
    /** Notification: resource list changed. */
    public static final String NOTIFICATION_RESOURCES_LIST_CHANGED = "notifications/resources/list_changed";
    /** Notification: a subscribed resource changed. */
    public static final String NOTIFICATION_RESOURCES_UPDATED = "notifications/resources/updated";
    /** Notification: listen stream acknowledged. */
    public static final String NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED = "notifications/subscriptions/acknowledged";
    /** Notification (Tasks extension): a task's state. */
    public static final String NOTIFICATION_TASKS = "notifications/tasks";
    /** Notification (session era): roots changed. */
    public static final String NOTIFICATION_ROOTS_LIST_CHANGED = "notifications/roots/list_changed";
    /** Notification (2025-11-25): URL elicitation finished. */
    public static final String NOTIFICATION_ELICITATION_COMPLETE = "notifications/elicitation/complete";

    /** Methods removed in 2026-07-28: sent with the modern envelope they get 404 / -32601. */
    public static final Set<String> REMOVED_IN_MODERN = Set.of(
            INITIALIZE, PING, LOGGING_SET_LEVEL, RESOURCES_SUBSCRIBE, RESOURCES_UNSUBSCRIBE);

    /** Methods on which a server may answer "input required" (MRTR). */
    public static final Set<String> MRTR_METHODS = Set.of(TOOLS_CALL, PROMPTS_GET, RESOURCES_READ);

    private Methods() {
    }
}
