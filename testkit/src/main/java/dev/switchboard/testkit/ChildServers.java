package dev.switchboard.testkit;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the test kit's server launchers ({@link RedisServer}, {@link PostgresServer}) share about
 * their child processes: servers still running when the JVM exits (a run killed half-way) are
 * killed, and a server is stopped by its own graceful signal, then SIGKILL after 10 s.
 */
final class ChildServers {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "test-server-reaper"));
    }

    /** How a server is asked to stop (e.g. SIGTERM, or SIGINT through {@code kill}). */
    @FunctionalInterface
    interface Signal {
        void send(Process process) throws IOException, InterruptedException;
    }

    private ChildServers() {
    }

    /** Tracks a started server, so that it is killed if the JVM exits first. */
    static void started(Process process) {
        RUNNING.add(process);
    }

    /** Forgets a server that exited by itself. */
    static void exited(Process process) {
        RUNNING.remove(process);
    }

    /** Sends {@code signal} to a live server, waits 10 s for it to exit, then kills it. */
    static void stop(Process process, Signal signal) {
        try {
            if (process.isAlive()) {
                signal.send(process);
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
    }

    /** Sleeps while waiting for {@code what} to start. */
    static void pause(long ms, String what) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }
}
