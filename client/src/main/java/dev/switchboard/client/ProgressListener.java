package dev.switchboard.client;

import dev.switchboard.protocol.notifications.ProgressNotification;

/**
 * Receives the {@code notifications/progress} of one call. Setting one in {@link CallOptions}
 * adds a fresh {@code _meta.progressToken} to the request, which is what asks the server to
 * report progress. Called on the thread that made the call, in arrival order; keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * One progress report.
     *
     * @param progress the notification ({@code progress}, {@code total}, {@code message})
     */
    void onProgress(ProgressNotification progress);
}
