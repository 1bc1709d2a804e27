package dev.switchboard.state.redis;

import dev.switchboard.protocol.codec.Fields;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.tasks.Lease;
import dev.switchboard.state.tasks.StatusChange;
import dev.switchboard.state.tasks.TaskRecord;
import dev.switchboard.state.tasks.TaskRequest;
import dev.switchboard.state.tasks.TaskStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link TaskRecord} as the fields of its Redis hash, and back. Scalars are plain strings (instants
 * and durations in epoch or whole milliseconds), JSON parts are compact JSON text. Absent optional
 * parts have no field. The field names are the layout documented in the module README.
 */
final class TaskFields {
    static final String VERSION = "version";
    static final String OWNER = "owner";

    private TaskFields() {
    }

    /** The record as alternating field names and values, for {@code HSET}. */
    static List<String> encode(TaskRecord r) {
        List<String> f = new ArrayList<>(40);
        put(f, "id", r.taskId());
        put(f, OWNER, r.owner());
        put(f, "status", r.status().wireName());
        put(f, "message", r.statusMessage());
        put(f, "created", Long.toString(r.createdAt().toEpochMilli()));
        put(f, "updated", Long.toString(r.lastUpdatedAt().toEpochMilli()));
        put(f, "ttl", r.ttl() == null ? null : Long.toString(r.ttl().toMillis()));
        put(f, "poll", r.pollInterval() == null ? null : Long.toString(r.pollInterval().toMillis()));
        put(f, "method", r.request().method());
        put(f, "params", Wire.toText(r.request().params()));
        put(f, "result", r.result() == null ? null : Wire.toText(r.result()));
        put(f, "error", r.error() == null ? null : Wire.toText(r.error()));
        put(f, "inputRequests", Wire.toText(r.inputRequests()));
        put(f, "inputResponses", Wire.toText(r.inputResponses()));
        put(f, "inputKeys", Wire.toText(JsonArray.ofStrings(r.inputKeys())));
        put(f, "cancel", r.cancelRequested() ? "1" : "0");
        put(f, "workerState", r.workerState() == null ? null : Wire.toText(r.workerState()));
        List<Json> history = new ArrayList<>(r.history().size());
        for (StatusChange c : r.history()) {
            history.add(JsonObject.builder().put("status", c.status().wireName()).put("at", c.at().toEpochMilli())
                    .put("message", c.message()).build());
        }
        put(f, "history", Wire.toText(new JsonArray(history)));
        if (r.lease() != null) {
            put(f, "leaseHolder", r.lease().holder());
            put(f, "leaseExpires", Long.toString(r.lease().expiresAt().toEpochMilli()));
        }
        put(f, VERSION, Long.toString(r.version()));
        return f;
    }

    private static void put(List<String> fields, String name, String value) {
        if (value != null) {
            fields.add(name);
            fields.add(value);
        }
    }

    /**
     * The record held in {@code hash}, or null for an empty hash (no such key).
     *
     * @throws IllegalStateException when the hash is not a task record of ours
     */
    static TaskRecord decode(Map<String, String> hash) {
        if (hash.isEmpty()) {
            return null;
        }
        try {
            List<StatusChange> history = new ArrayList<>();
            for (Json c : ((JsonArray) Wire.parse(hash.get("history"))).values()) {
                Fields cf = Fields.of(c, "history");
                history.add(new StatusChange(TaskStatus.fromWire(cf.string("status")), Instant.ofEpochMilli(cf.longValue("at")),
                        cf.optString("message")));
            }
            List<String> keys = new ArrayList<>();
            for (Json k : ((JsonArray) Wire.parse(hash.get("inputKeys"))).values()) {
                keys.add(k.asString());
            }
            String holder = hash.get("leaseHolder");
            return new TaskRecord(
                    hash.get("id"),
                    hash.get(OWNER),
                    TaskStatus.fromWire(hash.get("status")),
                    hash.get("message"),
                    instant(hash.get("created")),
                    instant(hash.get("updated")),
                    duration(hash.get("ttl")),
                    duration(hash.get("poll")),
                    TaskRequest.of(hash.get("method"), object(hash.get("params"))),
                    object(hash.get("result")),
                    object(hash.get("error")),
                    object(hash.get("inputRequests")),
                    object(hash.get("inputResponses")),
                    keys,
                    "1".equals(hash.get("cancel")),
                    history,
                    holder == null ? null : new Lease(holder, instant(hash.get("leaseExpires"))),
                    Long.parseLong(hash.get(VERSION)),
                    object(hash.get("workerState")));
        } catch (RuntimeException e) {
            throw new IllegalStateException("a task hash in Redis is not a task record of this version of Switchboard: " + e, e);
        }
    }

    private static Instant instant(String ms) {
        return Instant.ofEpochMilli(Long.parseLong(ms));
    }

    private static Duration duration(String ms) {
        return ms == null ? null : Duration.ofMillis(Long.parseLong(ms));
    }

    private static JsonObject object(String text) {
        return text == null ? null : Fields.asObject(Wire.parse(text), "");
    }
}
