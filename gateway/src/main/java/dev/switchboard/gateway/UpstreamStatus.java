package dev.switchboard.gateway;

import java.time.Instant;
import java.util.Objects;

/**
 * What a gateway knows of one upstream now, as {@code /healthz} shows it.
 *
 * @param name      the upstream
 * @param health    its state
 * @param since     when it entered that state
 * @param reason    why it is unhealthy (null otherwise)
 * @param tools     tools it contributes (kept while unhealthy: see {@link Gateway})
 * @param era       the protocol revision it speaks, or null before it first answered
 * @param restarts  how many times it failed after having been healthy (each failure is followed by
 *                  reconnection attempts; a stdio upstream is restarted)
 */
public record UpstreamStatus(String name, Health health, Instant since, String reason, int tools, String era,
                             int restarts) {
    /** Requires the name, state and time. */
    public UpstreamStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(since, "since");
    }

    /** The states of an upstream. */
    public enum Health {
        /** Not answered yet: the first connection attempt is running. */
        STARTING,
        /** Connected; its definitions are served and requests go through. */
        HEALTHY,
        /** Down, crashed, or failing; requests to it fail at once, naming it, while it is retried with backoff. */
        UNHEALTHY
    }
}
