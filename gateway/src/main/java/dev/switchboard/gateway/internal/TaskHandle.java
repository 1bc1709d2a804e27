package dev.switchboard.gateway.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.seal.SealException;
import dev.switchboard.state.seal.Sealer;

import java.time.Duration;
import java.util.Objects;

/**
 * An upstream's task as the gateway's client sees it: the upstream's name and its task id, sealed
 * (AES-GCM under the deployment's key ring) and bound to the caller's principal. Any gateway
 * instance with the key ring opens it and forwards {@code tasks/get}, {@code tasks/update} and
 * {@code tasks/cancel} to that upstream; a client can neither read the upstream's id nor point a
 * handle at another upstream or another caller's task.
 *
 * @param upstream the upstream's name
 * @param taskId   the upstream's task id
 */
public record TaskHandle(String upstream, String taskId) {
    /** The seal's purpose, so a cursor or {@code requestState} cannot be replayed as a handle. */
    static final String PURPOSE = "gateway/task";
    /** Kept beyond the upstream's {@code ttlMs}, so the upstream, not the seal, says when a task is gone. */
    private static final Duration GRACE = Duration.ofMinutes(5);
    /** For tasks the upstream keeps forever ({@code ttlMs} null). */
    private static final Duration UNLIMITED = Duration.ofDays(3650);

    /** Validates the members. */
    public TaskHandle {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(taskId, "taskId");
    }

    /** This handle sealed for {@code principal}, valid as long as the upstream keeps the task ({@code ttlMs}, null: unlimited). */
    public String seal(Sealer sealer, String principal, Long ttlMs) {
        Duration ttl = ttlMs == null ? UNLIMITED : Duration.ofMillis(ttlMs).plus(GRACE);
        return sealer.seal(PURPOSE, principal, ttl, JsonObject.of("u", Json.of(upstream), "t", Json.of(taskId)));
    }

    /**
     * The handle in {@code token}, or null when it is not one this deployment sealed for
     * {@code principal} (forged, tampered, another caller's, expired): the caller answers that
     * exactly as for an unknown task id, so nothing leaks about whose it was.
     */
    public static TaskHandle open(Sealer sealer, String principal, String token) {
        try {
            JsonObject p = sealer.open(PURPOSE, principal, token);
            String upstream = p.getString("u");
            String taskId = p.getString("t");
            return upstream == null || taskId == null ? null : new TaskHandle(upstream, taskId);
        } catch (SealException e) {
            return null;
        }
    }
}
