package dev.switchboard.client;

import dev.switchboard.protocol.logging.LoggingMessageNotification;

/**
 * Receives the {@code notifications/message} (log lines) a server emits while serving one call.
 * Called on the thread that made the call, in arrival order; keep it quick.
 */
@FunctionalInterface
public interface LogListener {
    /**
     * One log message.
     *
     * @param message level, logger and data
     */
    void onLog(LoggingMessageNotification message);
}
