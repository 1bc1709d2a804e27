package dev.switchboard.registry.search;

import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Status;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Full-text search over the registry's entries, on Apache Lucene in memory. The store is the
 * source of truth: the index is rebuilt from it at start and kept current by the registry on every
 * change, and a search sees every change made before it (the searcher is refreshed per write).
 * Thread-safe.
 */
public final class SearchIndex implements AutoCloseable {
    private static final String ID = "id";
    private static final String NAME = "name";
    private static final String NAME_KEY = "name_key";
    private static final String VERSION = "version";
    private static final String TITLE = "title";
    private static final String DESCRIPTION = "description";
    private static final String TOOLS = "tools";
    private static final String TRANSPORT = "transport";
    private static final String PROTOCOL = "protocol";
    private static final String CAPABILITY = "capability";
    private static final String TAG = "tag";
    private static final String STATUS = "status";
    private static final String LATEST = "latest";
    /** Names and titles say more than descriptions, which say more than tool text. */
    private static final Map<String, Float> BOOSTS = Map.of(NAME, 4f, TITLE, 3f, DESCRIPTION, 2f, TOOLS, 1f);

    private final Analyzer analyzer = new StandardAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;

    /** An empty index. */
    public SearchIndex() {
        try {
            writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the search index", e);
        }
    }

    /**
     * One hit, best first.
     *
     * @param name    the server's name
     * @param version the version that matched
     * @param score   Lucene's relevance score (comparable within one search only)
     */
    public record Hit(String name, String version, float score) {
    }

    /** Indexes {@code entries}, replacing what was indexed for the same name and version. */
    public void update(Collection<Entry> entries) {
        try {
            for (Entry e : entries) {
                writer.updateDocument(new Term(ID, id(e.name(), e.version())), document(e));
            }
            refresh();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the search index", e);
        }
    }

    /**
     * Makes {@code versions} the only indexed versions of {@code name}: what another instance
     * changed, read again from the store. Searches see the old versions or the new ones, never none.
     */
    public void replace(String name, Collection<Entry> versions) {
        try {
            writer.deleteDocuments(new Term(NAME_KEY, name));
            for (Entry e : versions) {
                writer.updateDocument(new Term(ID, id(e.name(), e.version())), document(e));
            }
            refresh();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the search index", e);
        }
    }

    /** Makes {@code entries} the whole index (after changes may have been missed). Searches see the old index or the new one. */
    public void replaceAll(Collection<Entry> entries) {
        try {
            writer.deleteAll();
            for (Entry e : entries) {
                writer.addDocument(document(e));
            }
            refresh();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rebuild the search index", e);
        }
    }

    /** Drops {@code name} at {@code version} from the index. */
    public void remove(String name, String version) {
        try {
            writer.deleteDocuments(new Term(ID, id(name, version)));
            refresh();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the search index", e);
        }
    }

    /**
     * Makes the changes visible to searches: a near-real-time reopen, which flushes the writer's
     * buffer into a segment but does not commit (a commit per change cost most of an offer, and an
     * index in memory that is rebuilt at start has nothing to make durable).
     */
    private void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** The bytes the index's files take (in memory), for sizing and benchmarks. */
    public long sizeInBytes() {
        try {
            long total = 0;
            for (String file : directory.listAll()) {
                total += directory.fileLength(file);
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot size the search index", e);
        }
    }

    /** The entries matching {@code query}, best first. */
    public List<Hit> search(SearchQuery query) {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        q.add(query.text().isEmpty() ? new MatchAllDocsQuery() : text(query.text()), Occur.MUST);
        filter(q, TRANSPORT, query.transports(), false);
        filter(q, PROTOCOL, query.protocolVersions(), false);
        filter(q, CAPABILITY, query.capabilities(), true);
        filter(q, TAG, query.tags(), true);
        Set<Status> statuses = query.statuses().isEmpty() ? EnumSet.of(Status.ACTIVE, Status.DEPRECATED) : query.statuses();
        filter(q, STATUS, statuses.stream().map(Status::wire).collect(java.util.stream.Collectors.toSet()), false);
        if (query.latestOnly()) {
            q.add(new TermQuery(new Term(LATEST, "true")), Occur.FILTER);
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                List<Hit> hits = new ArrayList<>();
                StoredFields stored = searcher.storedFields();
                for (ScoreDoc sd : searcher.search(q.build(), query.limit()).scoreDocs) {
                    Document d = stored.document(sd.doc);
                    hits.add(new Hit(d.get(NAME + "_stored"), d.get(VERSION), sd.score));
                }
                return hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the index", e);
        }
    }

    private Query text(String text) {
        MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {NAME, TITLE, DESCRIPTION, TOOLS}, analyzer, BOOSTS);
        try {
            return parser.parse(text);
        } catch (ParseException | RuntimeException e) {
            // not query syntax (e.g. "c++ (beta"): search the words as they are
            try {
                // escape() leaves the operator words; lowercase they are plain words
                return parser.parse(QueryParser.escape(text).replaceAll("\\b(AND|OR|NOT)\\b", "\"$1\"").toLowerCase(Locale.ROOT));
            } catch (ParseException again) {
                throw new IllegalArgumentException("cannot search for \"" + text + "\": " + again.getMessage(), again);
            }
        }
    }

    private static void filter(BooleanQuery.Builder q, String field, Set<String> values, boolean lowercase) {
        if (values.isEmpty()) {
            return;
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        values.forEach(v -> any.add(new TermQuery(new Term(field, lowercase ? v.toLowerCase(Locale.ROOT) : v)), Occur.SHOULD));
        q.add(any.build(), Occur.FILTER);
    }

    private static Document document(Entry e) {
        Document d = new Document();
        d.add(new StringField(ID, id(e.name(), e.version()), Field.Store.NO));
        d.add(new StoredField(NAME + "_stored", e.name()));
        d.add(new StringField(NAME_KEY, e.name(), Field.Store.NO));
        d.add(new StoredField(VERSION, e.version()));
        // separators become spaces so "weather" finds io.github.alice/weather-tools
        d.add(new TextField(NAME, e.name() + " " + words(e.name()), Field.Store.NO));
        if (e.server().title() != null) {
            d.add(new TextField(TITLE, e.server().title(), Field.Store.NO));
        }
        d.add(new TextField(DESCRIPTION, e.server().description(), Field.Store.NO));
        for (var tool : e.card().tools()) {
            d.add(new TextField(TOOLS, tool.name() + " " + words(tool.name())
                    + (tool.description() == null ? "" : " " + tool.description()), Field.Store.NO));
        }
        e.server().transports().forEach(t -> d.add(new StringField(TRANSPORT, t, Field.Store.NO)));
        e.card().protocolVersions().forEach(v -> d.add(new StringField(PROTOCOL, v, Field.Store.NO)));
        e.card().capabilities().forEach(c -> d.add(new StringField(CAPABILITY, c.toLowerCase(Locale.ROOT), Field.Store.NO)));
        e.server().tags().forEach(t -> d.add(new StringField(TAG, t.toLowerCase(Locale.ROOT), Field.Store.NO)));
        d.add(new StringField(STATUS, e.official().status().wire(), Field.Store.NO));
        d.add(new StringField(LATEST, Boolean.toString(e.official().isLatest()), Field.Store.NO));
        return d;
    }

    private static String words(String identifier) {
        return identifier.replaceAll("[./_-]+", " ");
    }

    private static String id(String name, String version) {
        return name + "@" + version;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the search index", e);
        }
    }
}
