package dev.switchboard.cli;

import java.util.logging.LogManager;

/**
 * The JDK's log manager, except that it keeps logging while the JVM shuts down. The JDK's own
 * shutdown hook resets the manager, closing every handler, concurrently with ours: what a closing
 * server logs after that (the auditor's last words, a record it could not write) would vanish.
 * Console handlers flush each record, so nothing waits for a reset. Installed by the CLI's {@code main}.
 */
public final class ShutdownLogManager extends LogManager {

    /** Public for {@link LogManager}, which instantiates it by name. */
    public ShutdownLogManager() {
    }

    @Override
    public void reset() {
        if (!shuttingDown()) {
            super.reset(); // readConfiguration resets too, outside shutdown
        }
    }

    private static boolean shuttingDown() {
        try {
            Thread probe = new Thread(() -> { });
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
