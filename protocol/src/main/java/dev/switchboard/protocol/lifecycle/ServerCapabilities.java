package dev.switchboard.protocol.lifecycle;

import dev.switchboard.protocol.json.JsonObject;

/**
 * What a server offers ({@code capabilities} of {@code server/discover} and of a session-era
 * {@code initialize} result). A null member is absent; a present one means the feature is served.
 *
 * @param tools        {@code tools}
 * @param prompts      {@code prompts}
 * @param resources    {@code resources}
 * @param logging      {@code logging} (deprecated feature, still served)
 * @param completions  {@code completions}
 * @param extensions   {@code extensions}: extension id to settings, e.g. {@code io.modelcontextprotocol/tasks}
 * @param experimental {@code experimental}
 */
public record ServerCapabilities(ToolsCapability tools, PromptsCapability prompts,
                                 ResourcesCapability resources, JsonObject logging,
                                 JsonObject completions, JsonObject extensions,
                                 JsonObject experimental) {
    /** No capabilities. */
    public static final ServerCapabilities EMPTY =
            new ServerCapabilities(null, null, null, null, null, null, null);

    /** True when the server declares extension {@code id}. */
    public boolean hasExtension(String id) {
        return extensions != null && extensions.has(id);
    }

    /**
     * The {@code tools} capability.
     *
     * @param listChanged the server emits {@code notifications/tools/list_changed}; null when unsaid
     */
    public record ToolsCapability(Boolean listChanged) {
        /** {@code {}}. */
        public static final ToolsCapability BASIC = new ToolsCapability(null);
    }

    /**
     * The {@code prompts} capability.
     *
     * @param listChanged the server emits {@code notifications/prompts/list_changed}; null when unsaid
     */
    public record PromptsCapability(Boolean listChanged) {
        /** {@code {}}. */
        public static final PromptsCapability BASIC = new PromptsCapability(null);
    }

    /**
     * The {@code resources} capability.
     *
     * @param subscribe   the server honours resource subscriptions; null when unsaid
     * @param listChanged the server emits {@code notifications/resources/list_changed}; null when unsaid
     */
    public record ResourcesCapability(Boolean subscribe, Boolean listChanged) {
        /** {@code {}}. */
        public static final ResourcesCapability BASIC = new ResourcesCapability(null, null);
    }
}
