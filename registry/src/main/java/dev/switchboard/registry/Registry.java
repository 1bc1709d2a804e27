package dev.switchboard.registry;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.registry.entry.CardFacts;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.InvalidEntryException;
import dev.switchboard.registry.entry.Official;
import dev.switchboard.registry.entry.Provenance;
import dev.switchboard.registry.entry.Rejection;
import dev.switchboard.registry.entry.ServerJson;
import dev.switchboard.registry.entry.Status;
import dev.switchboard.registry.entry.Versions;
import dev.switchboard.registry.search.SearchIndex;
import dev.switchboard.registry.search.SearchQuery;
import dev.switchboard.registry.store.EmbeddedEntryStore;
import dev.switchboard.registry.store.EntryStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The registry: what sources offer goes in here, is validated, settled against other sources
 * (see {@link dev.switchboard.registry.entry.Precedence}), stored, indexed, and read back by the
 * HTTP API and the MCP tools.
 *
 * <p>Writes are serialized (one at a time) so "which version is latest" and "which source owns a
 * name" are decided consistently; reads run concurrently. Refused documents are kept as
 * {@link Rejection}s, never silently dropped.
 */
public final class Registry implements AutoCloseable {
    private final EntryStore store;
    private final SearchIndex index = new SearchIndex();
    private final Clock clock;
    private final Map<String, Rejection> rejections = new LinkedHashMap<>();
    /** The most rejections kept. */
    public static final int MAX_REJECTIONS = 10_000;

    /**
     * A registry over {@code store}, indexing what it already holds. When other instances share the
     * store, what they change is read again and re-indexed here as the store reports it
     * ({@link EntryStore#watch}).
     */
    public Registry(EntryStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        // watch first: a change committed between the two is then both read and reported, never neither
        store.watch(new EntryStore.Changes() {
            @Override
            public void changed(String name) {
                reindex(name);
            }

            @Override
            public void missed() {
                reindexAll();
            }
        });
        index.update(store.all());
    }

    /** Indexes {@code name} as the store now holds it (another instance changed it). */
    private synchronized void reindex(String name) {
        index.replace(name, store.versions(name));
    }

    private synchronized void reindexAll() {
        index.replaceAll(store.all());
    }

    /** A registry in memory, on the system clock. */
    public static Registry inMemory() {
        return new Registry(EmbeddedEntryStore.inMemory(), Clock.systemUTC());
    }

    /** What an offer did. */
    public enum Change {
        /** A new version was stored. */
        ADDED,
        /** A stored version changed. */
        UPDATED,
        /** The version was already stored as offered. */
        UNCHANGED,
        /** The document was refused; see {@link #rejections()}. */
        REJECTED
    }

    /**
     * A document a source offers.
     *
     * @param provenance where it comes from
     * @param document   the {@code server.json}, unchecked
     * @param card       what the server's card adds ({@link CardFacts#NONE} without one)
     * @param upstream   the registry metadata another registry gave it, or null to let this one decide
     */
    public record Submission(Provenance provenance, Json document, CardFacts card, Official upstream) {
        public Submission {
            Objects.requireNonNull(provenance, "provenance");
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(card, "card");
        }

        /** A document without card facts or upstream metadata. */
        public static Submission of(Provenance provenance, Json document) {
            return new Submission(provenance, document, CardFacts.NONE, null);
        }
    }

    /** Validates, settles and stores {@code s}; a refusal is recorded with its reason. */
    public synchronized Change offer(Submission s) {
        ServerJson server;
        try {
            server = ServerJson.parse(s.document());
        } catch (InvalidEntryException e) {
            JsonObject doc = s.document().asObject();
            reject(s.provenance(), doc == null ? null : doc.getString("name"), doc == null ? null : doc.getString("version"),
                    e.getMessage());
            return Change.REJECTED;
        }
        return store.exclusively(server.name(), () -> settle(s, server));
    }

    private Change settle(Submission s, ServerJson server) {
        String name = server.name();
        List<Entry> versions = new ArrayList<>(store.versions(name));
        Optional<Entry> owner = versions.stream()
                .filter(e -> !e.provenance().source().equals(s.provenance().source())).findFirst();
        if (owner.isPresent()) {
            Provenance theirs = owner.get().provenance();
            if (!s.provenance().precedence().overrides(theirs.precedence())) {
                reject(s.provenance(), name, server.version(), "duplicate: " + name + " is already provided by "
                        + theirs.source() + " (" + label(theirs) + "), which takes precedence over " + s.provenance().source()
                        + " (" + label(s.provenance()) + ")");
                return Change.REJECTED;
            }
            for (Entry lost : List.copyOf(versions)) {
                if (!lost.provenance().source().equals(s.provenance().source())) {
                    drop(lost);
                    versions.remove(lost);
                    reject(lost.provenance(), name, lost.version(), "superseded: " + s.provenance().source() + " ("
                            + label(s.provenance()) + ") now provides " + name + " and takes precedence");
                }
            }
        }
        Entry current = versions.stream().filter(e -> e.version().equals(server.version())).findFirst().orElse(null);
        Instant now = now();
        Official official = s.upstream() != null ? s.upstream()
                : current != null ? current.official() : new Official(Status.ACTIVE, null, now, now, false);
        Entry next = new Entry(server, official, s.provenance(), s.card(), null);
        rejections.remove(key(s.provenance(), name, server.version()));
        if (current != null && sameExceptLatest(current, next)) {
            return Change.UNCHANGED;
        }
        boolean documentChanged = current != null
                && (!current.server().equals(next.server()) || !current.card().equals(next.card()));
        if (documentChanged && s.upstream() == null) {
            next = next.with(new Official(official.status(), official.statusMessage(), official.publishedAt(), now, false));
        }
        versions.remove(current);
        versions.add(next);
        save(versions, next);
        return current == null ? Change.ADDED : Change.UPDATED;
    }

    /**
     * Records that a document from {@code provenance} was refused for {@code reason}. The list is
     * bounded: past {@link #MAX_REJECTIONS}, the oldest are forgotten (a hostile source cannot fill
     * memory with refusals).
     */
    public synchronized void reject(Provenance provenance, String name, String version, String reason) {
        String key = key(provenance, name, version);
        rejections.remove(key); // re-inserted last: the order is oldest first
        rejections.put(key, new Rejection(provenance, name, version, reason, now()));
        while (rejections.size() > MAX_REJECTIONS) {
            rejections.remove(rejections.keySet().iterator().next());
        }
    }

    /** Forgets the rejections of {@code source}, before it is read again from scratch. */
    public synchronized void clearRejections(String source) {
        rejections.values().removeIf(r -> r.provenance().source().equals(source));
    }

    /**
     * Removes the entries of {@code source} that are not in {@code keep} (as {@code name@version}):
     * what a source no longer lists leaves the registry.
     *
     * @return how many entries were removed
     */
    public synchronized int retain(String source, Set<String> keep) {
        int removed = 0;
        for (Entry e : store.all()) {
            if (e.provenance().source().equals(source) && !keep.contains(e.name() + "@" + e.version())) {
                store.exclusively(e.name(), () -> {
                    drop(e);
                    List<Entry> rest = new ArrayList<>(store.versions(e.name()));
                    if (!rest.isEmpty()) {
                        save(rest, null);
                    }
                    return null;
                });
                removed++;
            }
        }
        return removed;
    }

    /**
     * Records that refreshing the entries of {@code source} read from {@code location} failed: they
     * keep serving their last good document, with {@code reason} as their last error.
     *
     * @param location the document that failed, or null when the whole source failed
     * @return how many entries it touched
     */
    public synchronized int refreshFailed(String source, String location, String reason) {
        List<Entry> touched = new ArrayList<>();
        for (Entry e : store.all()) {
            Provenance p = e.provenance();
            if (p.source().equals(source) && (location == null || p.location().equals(location))
                    && !reason.equals(e.lastError())) {
                touched.add(e.withLastError(reason));
            }
        }
        store.putAll(touched);
        index.update(touched);
        return touched.size();
    }

    /**
     * Sets the lifecycle status of {@code name} at {@code version}.
     *
     * @return the changed entry, or empty when there is no such version
     */
    public synchronized Optional<Entry> setStatus(String name, String version, Status status, String message) {
        return store.exclusively(name, () -> changeStatus(name, version, status, message));
    }

    private Optional<Entry> changeStatus(String name, String version, Status status, String message) {
        Optional<Entry> current = store.get(name, version);
        if (current.isEmpty()) {
            return current;
        }
        Official o = current.get().official();
        Entry next = current.get().with(new Official(status, message, o.publishedAt(), now(), o.isLatest()));
        List<Entry> versions = new ArrayList<>(store.versions(name));
        versions.removeIf(e -> e.version().equals(version));
        versions.add(next);
        return Optional.of(save(versions, next));
    }

    /** Now, to the millisecond: what RFC 3339 timestamps usually carry. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private void drop(Entry e) {
        store.remove(e.name(), e.version());
        index.remove(e.name(), e.version());
    }

    /** Stores {@code versions} (all of one name) with "latest" recomputed; returns {@code focus} as stored. */
    private Entry save(List<Entry> versions, Entry focus) {
        Entry latest = latest(versions);
        List<Entry> changed = new ArrayList<>();
        Entry stored = null;
        for (Entry e : versions) {
            boolean isLatest = e == latest;
            Entry updated = e.official().isLatest() == isLatest ? e : e.with(e.official().withLatest(isLatest));
            if (updated != e || e == focus) {
                changed.add(updated);
            }
            if (e == focus) {
                stored = updated;
            }
        }
        store.putAll(changed);
        index.update(changed);
        return stored;
    }

    /** The latest version: the highest semantic version when all are semantic, else the last published. */
    private static Entry latest(List<Entry> versions) {
        List<Entry> live = versions.stream().filter(e -> e.official().status() != Status.DELETED).toList();
        List<Entry> candidates = live.isEmpty() ? versions : live;
        boolean semantic = candidates.stream().allMatch(e -> Versions.isSemantic(e.version()));
        Comparator<Entry> order = semantic ? Comparator.comparing(Entry::version, Versions.SEMANTIC)
                : Comparator.comparing((Entry e) -> e.official().publishedAt()).thenComparing(Entry::version);
        return candidates.stream().max(order).orElse(null);
    }

    private static boolean sameExceptLatest(Entry a, Entry b) {
        return a.server().equals(b.server()) && a.card().equals(b.card()) && a.provenance().equals(b.provenance())
                && Objects.equals(a.lastError(), b.lastError())
                && a.official().withLatest(false).equals(b.official().withLatest(false));
    }

    private static String label(Provenance p) {
        return p.precedence().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String key(Provenance p, String name, String version) {
        return p.source() + "\u0000" + p.location() + "\u0000" + name + "\u0000" + version;
    }

    /** The entry for {@code name} at {@code version}, where {@code latest} names the latest version. */
    public Optional<Entry> get(String name, String version) {
        if ("latest".equals(version)) {
            return store.versions(name).stream().filter(e -> e.official().isLatest()).findFirst();
        }
        return store.get(name, version);
    }

    /** Every version of {@code name}, newest first (by publication, then version). */
    public List<Entry> versions(String name) {
        return store.versions(name).stream().sorted(NEWEST_FIRST).toList();
    }

    private static final Comparator<Entry> NEWEST_FIRST = Comparator
            .comparing((Entry e) -> e.official().publishedAt()).reversed()
            .thenComparing((a, b) -> Versions.isSemantic(a.version()) && Versions.isSemantic(b.version())
                    ? Versions.SEMANTIC.compare(b.version(), a.version()) : b.version().compareTo(a.version()));

    /** Up to {@code limit} entries after {@code name@version} (null: from the start), ordered as {@link #all()}. */
    public List<Entry> after(String name, String version, int limit) {
        return store.after(name, version, limit);
    }

    /** Every entry, ordered by name then version. */
    public List<Entry> all() {
        return store.all();
    }

    /** The entries matching {@code query}, best first. */
    public List<Entry> search(SearchQuery query) {
        List<Entry> out = new ArrayList<>();
        for (SearchIndex.Hit hit : index.search(query)) {
            store.get(hit.name(), hit.version()).ifPresent(out::add);
        }
        return out;
    }

    /** Why the last document from {@code provenance} claiming {@code name@version} was refused, if it was. */
    public synchronized Optional<Rejection> rejection(Provenance provenance, String name, String version) {
        return Optional.ofNullable(rejections.get(key(provenance, name, version)));
    }

    /** Every refused document with its reason, oldest first. */
    public synchronized List<Rejection> rejections() {
        return List.copyOf(rejections.values());
    }

    @Override
    public void close() {
        store.close(); // first: it stops reporting others' changes
        index.close();
    }
}
