package dev.switchboard.registry.source;

import dev.switchboard.outbound.OutboundException;
import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.CatalogEntry;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.discovery.InvalidDocumentException;
import dev.switchboard.protocol.discovery.ServerCards;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.Registry.Change;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.entry.Provenance;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads sources into the registry, in the order given (which settles ties between sources of the
 * same precedence). Each document is validated and offered; each failure is kept, as a rejection
 * and as the last error of the entries it leaves stale. Progress goes to a listener line by line,
 * and a crawl ends with a {@link CrawlSummary}.
 *
 * <p>One crawl at a time per crawler; within a crawl, the cards of a catalog are fetched
 * concurrently (within the fetcher's per-host limit). Incremental state (the last
 * {@code updated_since} of each upstream registry) lives in the crawler, so keep one per registry.
 */
public final class Crawler {
    static final Set<String> CARD_TYPES = Set.of(ServerCard.MEDIA_TYPE, "application/json");
    static final Set<String> CATALOG_TYPES = Set.of(AiCatalog.MEDIA_TYPE, "application/json");
    /** The largest local file read (the same cap the outbound client puts on fetched documents by default). */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Registry registry;
    private final Fetcher fetcher;
    private final Consumer<String> progress;
    private final UpstreamPoller upstream;

    /**
     * A crawler filling {@code registry}.
     *
     * @param fetcher  how documents are fetched (null when only files are read)
     * @param progress where progress lines go
     */
    public Crawler(Registry registry, Fetcher fetcher, Consumer<String> progress) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.fetcher = fetcher;
        this.progress = Objects.requireNonNull(progress, "progress");
        this.upstream = new UpstreamPoller(registry, fetcher, progress);
    }

    /** Counts of one crawl, shared by the threads working on it. */
    static final class Tally {
        final AtomicInteger documents = new AtomicInteger();
        final AtomicInteger added = new AtomicInteger();
        final AtomicInteger updated = new AtomicInteger();
        final AtomicInteger unchanged = new AtomicInteger();
        final AtomicInteger rejected = new AtomicInteger();
        final AtomicInteger removed = new AtomicInteger();
        final AtomicInteger notModified = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        void count(Change change) {
            documents.incrementAndGet();
            (switch (change) {
                case ADDED -> added;
                case UPDATED -> updated;
                case UNCHANGED -> unchanged;
                case REJECTED -> rejected;
            }).incrementAndGet();
        }
    }

    /** Reads every source once. Blocks until done. */
    public CrawlSummary crawl(List<? extends Source> sources) throws InterruptedException {
        long start = System.nanoTime();
        Tally t = new Tally();
        for (Source s : sources) {
            progress.accept("reading " + s.id());
            switch (s) {
                case Source.Files f -> files(f, t);
                case Source.Card c -> card(c, t);
                case Source.Catalog c -> catalog(c, t);
                case Source.Upstream u -> upstream.poll(u, t);
            }
        }
        CrawlSummary summary = new CrawlSummary(sources.size(), t.documents.get(), t.added.get(), t.updated.get(),
                t.unchanged.get(), t.rejected.get(), t.removed.get(), t.notModified.get(), t.failed.get(),
                Duration.ofNanos(System.nanoTime() - start));
        progress.accept(summary.toString());
        return summary;
    }

    private void files(Source.Files source, Tally t) {
        registry.clearRejections(source.id());
        Path root = source.path();
        if (!Files.exists(root)) {
            fail(new Provenance(source.id(), root.toString(), source.precedence()), "no such file or folder: " + root, t);
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.isDirectory(root) ? Files.walk(root) : Stream.of(root)) {
            files = walk.filter(p -> Files.isDirectory(p) ? false : p.equals(root) || p.toString().endsWith(".json"))
                    .sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            fail(new Provenance(source.id(), root.toString(), source.precedence()), "cannot read " + root + ": " + e, t);
            return;
        }
        Set<String> keep = ConcurrentHashMap.newKeySet();
        Map<String, Path> firstFile = new java.util.HashMap<>();
        for (Path file : files) {
            Provenance p = new Provenance(source.id(), file.toString(), source.precedence());
            Json doc;
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    reject(p, null, null, "the file is larger than " + MAX_FILE_BYTES + " bytes", t);
                    continue;
                }
                doc = Wire.parse(Files.readAllBytes(file));
            } catch (IOException e) {
                reject(p, null, null, "cannot read the file: " + e, t);
                continue;
            } catch (McpException e) {
                reject(p, null, null, "not valid JSON: " + e.getMessage()
                        .replaceFirst("^Parse error: the body is not valid JSON \\((.*)\\)$", "$1"), t);
                continue;
            }
            String id = doc.asObject() == null ? null : doc.asObject().getString("name") + "@" + doc.asObject().getString("version");
            if (id != null && firstFile.containsKey(id)) {
                reject(p, doc.asObject().getString("name"), doc.asObject().getString("version"),
                        "duplicate: " + id + " is also defined in " + firstFile.get(id) + ", which was read first", t);
                continue;
            }
            Change c = offer(Submission.of(p, doc), t);
            if (c != Change.REJECTED) {
                firstFile.put(id, file);
                keep.add(id);
            }
        }
        int removed = registry.retain(source.id(), keep);
        t.removed.addAndGet(removed);
        progress.accept("  " + files.size() + " file" + (files.size() == 1 ? "" : "s") + ", " + keep.size() + " valid, "
                + removed + " removed");
    }

    private void card(Source.Card source, Tally t) throws InterruptedException {
        registry.clearRejections(source.id());
        Set<String> keep = ConcurrentHashMap.newKeySet();
        if (readCard(source, source.url(), keep, t)) {
            t.removed.addAndGet(registry.retain(source.id(), keep));
        }
    }

    private void catalog(Source.Catalog source, Tally t) throws InterruptedException {
        registry.clearRejections(source.id());
        Provenance here = new Provenance(source.id(), source.url().toString(), source.precedence());
        AiCatalog catalog;
        try {
            Fetcher.Fetched f = fetch(source.url(), CATALOG_TYPES, t);
            catalog = ServerCards.parseCatalog(Wire.parse(f.body()));
        } catch (OutboundException e) {
            stale(source, null, e.getMessage(), t);
            fail(here, e.getMessage(), t);
            return;
        } catch (McpException | InvalidDocumentException e) {
            stale(source, null, e.getMessage(), t);
            fail(here, e.getMessage(), t);
            return;
        }
        List<CatalogEntry> cards = catalog.entries().stream().filter(e -> ServerCard.MEDIA_TYPE.equals(e.type())).toList();
        progress.accept("  " + cards.size() + " Server Card" + (cards.size() == 1 ? "" : "s") + " in the catalog");
        Set<String> keep = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> work = new ArrayList<>();
            for (CatalogEntry e : cards) {
                if (e.data() != null) {
                    work.add(pool.submit(() -> offerCard(new Provenance(source.id(), source.url() + "#" + e.identifier(),
                            source.precedence()), e.data(), keep, t)));
                    continue;
                }
                URI card;
                try {
                    card = source.url().resolve(e.url());
                } catch (IllegalArgumentException bad) {
                    reject(new Provenance(source.id(), source.url() + "#" + e.identifier(), source.precedence()), null, null,
                            "the catalog entry's url \"" + e.url() + "\" is not a URL: " + bad.getMessage(), t);
                    continue;
                }
                work.add(pool.submit(() -> readCard(source, card, keep, t)));
            }
            for (Future<Boolean> f : work) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException ex) {
                    throw new IllegalStateException("reading a catalog entry failed unexpectedly", ex.getCause());
                }
            }
        }
        t.removed.addAndGet(registry.retain(source.id(), keep));
    }

    /** Fetches and offers one card; false when it could not be fetched (its entries then stay, marked stale). */
    private boolean readCard(Source source, URI url, Set<String> keep, Tally t) throws InterruptedException {
        Provenance p = new Provenance(source.id(), url.toString(), source.precedence());
        Json card;
        try {
            card = Wire.parse(fetch(url, CARD_TYPES, t).body());
        } catch (OutboundException e) {
            keepStale(source, url.toString(), keep);
            stale(source, url.toString(), e.getMessage(), t);
            fail(p, e.getMessage(), t);
            return false;
        } catch (McpException e) {
            reject(p, null, null, "the Server Card is not valid JSON: " + e.getMessage(), t);
            return true;
        }
        offerCard(p, card, keep, t);
        return true;
    }

    private boolean offerCard(Provenance p, Json card, Set<String> keep, Tally t) {
        CardDocuments.Converted converted;
        try {
            converted = CardDocuments.convert(card);
        } catch (InvalidDocumentException e) {
            var o = card.asObject();
            reject(p, o == null ? null : o.getString("name"), o == null ? null : o.getString("version"), e.getMessage(), t);
            return false;
        }
        Change c = offer(new Submission(p, converted.server(), converted.facts(), null), t);
        if (c != Change.REJECTED) {
            keep.add(converted.server().getString("name") + "@" + converted.server().getString("version"));
        }
        return c != Change.REJECTED;
    }

    /** The entries last read from {@code location} stay while it cannot be fetched. */
    private void keepStale(Source source, String location, Set<String> keep) {
        registry.all().stream().filter(e -> e.provenance().source().equals(source.id())
                        && e.provenance().location().equals(location))
                .forEach(e -> keep.add(e.name() + "@" + e.version()));
    }

    private void stale(Source source, String location, String reason, Tally t) {
        int n = registry.refreshFailed(source.id(), location, reason);
        if (n > 0) {
            progress.accept("  " + n + " entr" + (n == 1 ? "y keeps its" : "ies keep their") + " last good document");
        }
    }

    Fetcher.Fetched fetch(URI url, Set<String> types, Tally t) throws OutboundException, InterruptedException {
        if (fetcher == null) {
            throw new OutboundException("refused " + url + ": this registry reads no URLs (no fetcher configured)");
        }
        Fetcher.Fetched f = fetcher.get(url, types);
        if (f.notModified()) {
            t.notModified.incrementAndGet();
        }
        progress.accept("  fetched " + url + (f.notModified() ? " (not modified)" : "")
                + (f.attempts() > 1 ? " after " + f.attempts() + " attempts" : ""));
        return f;
    }

    Change offer(Submission s, Tally t) {
        Change c = registry.offer(s);
        t.count(c);
        var doc = s.document().asObject();
        if (c == Change.REJECTED) {
            registry.rejection(s.provenance(), doc == null ? null : doc.getString("name"), doc == null ? null : doc.getString("version"))
                    .ifPresent(r -> progress.accept("  rejected " + r));
        }
        return c;
    }

    private void reject(Provenance p, String name, String version, String reason, Tally t) {
        registry.reject(p, name, version, reason);
        t.documents.incrementAndGet();
        t.rejected.incrementAndGet();
        progress.accept("  rejected " + p + ": " + reason);
    }

    void fail(Provenance p, String reason, Tally t) {
        registry.reject(p, null, null, reason);
        t.failed.incrementAndGet();
        progress.accept("  failed " + p + ": " + reason);
    }
}
