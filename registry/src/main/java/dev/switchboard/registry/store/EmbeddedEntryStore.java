package dev.switchboard.registry.store;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.registry.entry.Entry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The embedded store: entries in memory, optionally persisted to {@code entries.json} in a
 * directory, rewritten whole (to a temporary file, then moved into place) after every change, so
 * a crash leaves either the old file or the new one. Fits a registry of thousands of entries on
 * one instance; several instances need a shared database instead.
 */
public final class EmbeddedEntryStore implements EntryStore {
    static final String FILE = "entries.json";

    private final Path file;
    private final Map<String, Map<String, Entry>> byName = new TreeMap<>();
    /** {@link #all()} as of the last change, built on first use after it (listing reads it per request). */
    private List<Entry> snapshot;

    private EmbeddedEntryStore(Path file) {
        this.file = file;
    }

    /** A store that lives only in memory. */
    public static EmbeddedEntryStore inMemory() {
        return new EmbeddedEntryStore(null);
    }

    /**
     * A store persisted in {@code directory} (created when missing), loading what it holds.
     *
     * @throws IllegalStateException when the file cannot be read or holds an invalid entry; names the file
     */
    public static EmbeddedEntryStore persistent(Path directory) {
        EmbeddedEntryStore store = new EmbeddedEntryStore(directory.resolve(FILE));
        try {
            Files.createDirectories(directory);
            if (Files.exists(store.file)) {
                store.load();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the registry store " + store.file + ": " + e.getMessage(), e);
        }
        return store;
    }

    private void load() throws IOException {
        Json doc;
        try {
            doc = Wire.parse(Files.readAllBytes(file));
        } catch (McpException e) {
            throw new IllegalStateException("the registry store " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(doc instanceof JsonObject o) || !(o.get("entries") instanceof JsonArray entries)) {
            throw new IllegalStateException("the registry store " + file + " must be {\"entries\": [...]}");
        }
        for (int i = 0; i < entries.size(); i++) {
            try {
                Entry e = EntryCodec.decode(entries.get(i));
                byName.computeIfAbsent(e.name(), n -> new TreeMap<>()).put(e.version(), e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("the registry store " + file + " has an invalid entry at /entries/" + i
                        + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized Optional<Entry> get(String name, String version) {
        Map<String, Entry> versions = byName.get(name);
        return Optional.ofNullable(versions == null ? null : versions.get(version));
    }

    @Override
    public synchronized List<Entry> versions(String name) {
        Map<String, Entry> versions = byName.get(name);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    @Override
    public synchronized List<Entry> all() {
        if (snapshot == null) {
            List<Entry> out = new ArrayList<>();
            byName.values().forEach(v -> out.addAll(v.values()));
            snapshot = List.copyOf(out);
        }
        return snapshot;
    }

    @Override
    public synchronized void putAll(Collection<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        for (Entry e : entries) {
            byName.computeIfAbsent(e.name(), n -> new TreeMap<>()).put(e.version(), e);
        }
        snapshot = null;
        save();
    }

    @Override
    public synchronized boolean remove(String name, String version) {
        Map<String, Entry> versions = byName.get(name);
        if (versions == null || versions.remove(version) == null) {
            return false;
        }
        if (versions.isEmpty()) {
            byName.remove(name);
        }
        snapshot = null;
        save();
        return true;
    }

    private void save() {
        if (file == null) {
            return;
        }
        List<Json> entries = new ArrayList<>();
        byName.values().forEach(v -> v.values().forEach(e -> entries.add(EntryCodec.encode(e))));
        Path temp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.write(temp, Wire.write(JsonObject.of("entries", new JsonArray(entries))));
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the registry store " + file, e);
        }
    }

    @Override
    public void close() {
        // nothing held open: every change is already on disk
    }
}
