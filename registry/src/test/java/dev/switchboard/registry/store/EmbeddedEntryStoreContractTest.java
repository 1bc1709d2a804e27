package dev.switchboard.registry.store;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The embedded store, in memory and persisted (reopened for every read), passes the contract. */
class EmbeddedEntryStoreContractTest {
    @Nested
    class InMemory extends EntryStoreContract {
        @Override
        EntryStore open() {
            return EmbeddedEntryStore.inMemory();
        }
    }

    @Nested
    class Persistent extends EntryStoreContract {
        @TempDir
        Path dir;

        /** Writes go to one instance; reads come from a fresh one, so only what reached the disk counts. */
        @Override
        EntryStore open() {
            EmbeddedEntryStore writer = EmbeddedEntryStore.persistent(dir);
            return new EntryStore() {
                @Override
                public java.util.Optional<dev.switchboard.registry.entry.Entry> get(String name, String version) {
                    return EmbeddedEntryStore.persistent(dir).get(name, version);
                }

                @Override
                public java.util.List<dev.switchboard.registry.entry.Entry> versions(String name) {
                    return EmbeddedEntryStore.persistent(dir).versions(name);
                }

                @Override
                public java.util.List<dev.switchboard.registry.entry.Entry> all() {
                    return EmbeddedEntryStore.persistent(dir).all();
                }

                @Override
                public void putAll(java.util.Collection<dev.switchboard.registry.entry.Entry> entries) {
                    writer.putAll(entries);
                }

                @Override
                public boolean remove(String name, String version) {
                    return writer.remove(name, version);
                }

                @Override
                public void close() {
                    writer.close();
                }
            };
        }
    }
}
