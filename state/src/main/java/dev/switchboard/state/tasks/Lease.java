package dev.switchboard.state.tasks;

import java.time.Instant;
import java.util.Objects;

/**
 * Who executes a task, until when: the executing instance renews it while it works; once it runs
 * out, {@link TaskStore#expiredLeases} reports the task and another instance may take it over (or
 * fail it as "executor lost"). The instant comes from the backend's clock (Redis: the server's).
 *
 * @param holder    the executing instance's id
 * @param expiresAt the lease is live strictly before this instant
 */
public record Lease(String holder, Instant expiresAt) {
    /** Checks both parts are present. */
    public Lease {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** True while the lease has not run out at {@code now}. */
    public boolean isLive(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** True when {@code holder} holds this lease and it has not run out at {@code now}. */
    public boolean isHeldBy(String holder, Instant now) {
        return this.holder.equals(holder) && isLive(now);
    }
}
