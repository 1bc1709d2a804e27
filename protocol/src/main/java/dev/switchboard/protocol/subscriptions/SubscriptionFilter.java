package dev.switchboard.protocol.subscriptions;

import dev.switchboard.protocol.internal.Copies;

import java.util.List;

/**
 * Which notifications a listen stream carries ({@code notifications} of
 * {@code subscriptions/listen} and of its acknowledgement). Absent or false means not subscribed.
 *
 * @param toolsListChanged      {@code notifications/tools/list_changed}, or null
 * @param promptsListChanged    {@code notifications/prompts/list_changed}, or null
 * @param resourcesListChanged  {@code notifications/resources/list_changed}, or null
 * @param resourceSubscriptions URIs whose {@code notifications/resources/updated} are wanted, or null
 * @param taskIds               Tasks extension: tasks whose {@code notifications/tasks} are wanted, or null
 */
public record SubscriptionFilter(Boolean toolsListChanged, Boolean promptsListChanged, Boolean resourcesListChanged,
                                 List<String> resourceSubscriptions, List<String> taskIds) {
    /** Subscribes to nothing ({@code {}}). */
    public static final SubscriptionFilter NONE = new SubscriptionFilter(null, null, null, null, null);

    /** Copies the lists. */
    public SubscriptionFilter {
        resourceSubscriptions = Copies.list(resourceSubscriptions, "resourceSubscriptions");
        taskIds = Copies.list(taskIds, "taskIds");
    }

    /** True when tool-list changes are wanted. */
    public boolean wantsToolsListChanged() {
        return Boolean.TRUE.equals(toolsListChanged);
    }

    /** True when prompt-list changes are wanted. */
    public boolean wantsPromptsListChanged() {
        return Boolean.TRUE.equals(promptsListChanged);
    }

    /** True when resource-list changes are wanted. */
    public boolean wantsResourcesListChanged() {
        return Boolean.TRUE.equals(resourcesListChanged);
    }

    /** The subscribed resource URIs; empty when none. */
    public List<String> resourceSubscriptionsOrEmpty() {
        return resourceSubscriptions == null ? List.of() : resourceSubscriptions;
    }

    /** The subscribed task ids; empty when none. */
    public List<String> taskIdsOrEmpty() {
        return taskIds == null ? List.of() : taskIds;
    }
}
