package dev.switchboard.registry.store;

import dev.switchboard.registry.entry.Entry;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the registry keeps its entries: the source of truth the search index is rebuilt from. The
 * embedded store serves one instance; a shared database (PostgreSQL) is the seam for several.
 *
 * <p>Implementations are thread-safe; each call is atomic, and {@link #putAll} applies all its
 * entries or none, because a new version changes which other version is the latest. Every
 * implementation passes {@code EntryStoreContract} (in the tests).
 *
 * <p>A store shared by several registry instances ({@link PostgresEntryStore}) tells each of them
 * what the others changed through {@link #watch}, so each keeps its own search index current.
 */
public interface EntryStore extends AutoCloseable {

    /** The entry for {@code name} at exactly {@code version}. */
    Optional<Entry> get(String name, String version);

    /** Every version of {@code name}, in no particular order; empty when the name is unknown. */
    List<Entry> versions(String name);

    /**
     * Every entry, ordered by name, then version, both compared as text ({@link String#compareTo}):
     * listing cursors rely on this order being stable.
     */
    List<Entry> all();

    /**
     * Up to {@code limit} entries following {@code name} at {@code version} in the order of
     * {@link #all()} (that position itself excluded; a null name starts at the beginning): one page of
     * a listing, without reading the rest. The default slices {@link #all()}; a database seeks.
     */
    default List<Entry> after(String name, String version, int limit) {
        List<Entry> all = all();
        int low = 0;
        if (name != null) {
            int high = all.size();
            while (low < high) { // the first entry after the position
                int mid = (low + high) >>> 1;
                Entry e = all.get(mid);
                int c = e.name().compareTo(name);
                if (c < 0 || c == 0 && e.version().compareTo(version) <= 0) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
        }
        return List.copyOf(all.subList(low, Math.min(all.size(), low + Math.max(0, limit))));
    }

    /** Adds or replaces each entry (keyed by name and version), all at once. */
    void putAll(Collection<Entry> entries);

    /** Removes {@code name} at {@code version}; true when it was there. */
    boolean remove(String name, String version);

    /**
     * Runs {@code work} while no other instance sharing this store runs work for {@code name}: the
     * registry reads a name's versions, decides which is latest and writes them back, and two
     * instances doing that at once could both mark one latest. The default just runs it, for a
     * store only one instance uses (the registry serializes its own writes).
     */
    default <T> T exclusively(String name, Supplier<T> work) {
        return work.get();
    }

    /**
     * Starts telling {@code changes} about changes other instances make to this store; changes made
     * through this instance are not reported. Returns once watching has begun: every change committed
     * after it returns is reported. Call it at most once. The default does nothing, for a store only
     * one instance uses.
     */
    default void watch(Changes changes) {
    }

    /** What other instances changed, reported on a thread of the store's own, one report at a time. */
    interface Changes {
        /** The versions of {@code name} changed (added, replaced or removed): read them again. */
        void changed(String name);

        /** Changes may have been missed (the store lost its connection for a while): read everything again. */
        void missed();
    }

    /** Releases what the store holds open. */
    @Override
    void close();
}
