package dev.switchboard.policy.audit;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.kv.KeyValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the latest {@link Checkpoint} is kept apart from the log it signs. A chain alone cannot
 * show records cut off its end (a shorter chain is still a chain); a signed head kept elsewhere
 * can: {@link AuditCheck} reports a log that ends before it. Keep it where whoever could cut the
 * log cannot write (another disk, another account, Redis next to a file log, a copy sent off-site).
 *
 * <p>{@link #publish} never moves the head backwards, so instances racing to publish leave the
 * furthest one (give or take a race between two publishes, which leaves a slightly older but
 * still valid head). Thread-safe.
 */
public interface TrustedHead {

    /** Keeps {@code checkpoint} as the head, unless the head already signs a later record. */
    void publish(Checkpoint checkpoint);

    /** The head, or empty when nothing was published yet. */
    Optional<Checkpoint> latest();

    /** A JSON file, replaced atomically on each publish: {@code <log>.head} by convention. */
    static TrustedHead file(Path file) {
        Objects.requireNonNull(file, "file");
        return new TrustedHead() {
            @Override
            public synchronized void publish(Checkpoint checkpoint) {
                if (latest().map(c -> c.sequence() >= checkpoint.sequence()).orElse(false)) {
                    return;
                }
                try {
                    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                    Files.writeString(tmp, Wire.toText(checkpoint.toEvent()) + "\n");
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the trusted head " + file, e);
                }
            }

            @Override
            public Optional<Checkpoint> latest() {
                if (!Files.exists(file)) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Checkpoint.fromEvent((JsonObject) Wire.parse(Files.readString(file))));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the trusted head " + file, e);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + ": not a checkpoint: " + e.getMessage(), e);
                }
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }

    /** A key of a shared {@link KeyValue} (Redis: every instance and the verifier see the same head). */
    static TrustedHead keyValue(KeyValue store, String key) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(key, "key");
        return new TrustedHead() {
            @Override
            public void publish(Checkpoint checkpoint) {
                if (latest().map(c -> c.sequence() >= checkpoint.sequence()).orElse(false)) {
                    return;
                }
                store.put(key, checkpoint.toEvent(), ChronoUnit.FOREVER.getDuration());
            }

            @Override
            public Optional<Checkpoint> latest() {
                JsonObject o = store.get(key);
                return o == null ? Optional.empty() : Optional.of(Checkpoint.fromEvent(o));
            }

            @Override
            public String toString() {
                return "key " + key;
            }
        };
    }
}
