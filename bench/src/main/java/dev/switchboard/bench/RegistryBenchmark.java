package dev.switchboard.bench;

import dev.switchboard.outbound.AddressClass;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.RegistryServer;
import dev.switchboard.registry.entry.CardFacts;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Precedence;
import dev.switchboard.registry.entry.Provenance;
import dev.switchboard.registry.search.SearchIndex;
import dev.switchboard.registry.search.SearchQuery;
import dev.switchboard.registry.source.CrawlSummary;
import dev.switchboard.registry.source.Crawler;
import dev.switchboard.registry.source.Fetcher;
import dev.switchboard.registry.source.Source;
import dev.switchboard.registry.store.EmbeddedEntryStore;
import dev.switchboard.registry.store.EntryStore;
import dev.switchboard.registry.store.PostgresEntryStore;
import dev.switchboard.testkit.PostgresServer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's benchmark (issue 10): prints Markdown tables for {@code bench/RESULTS.md}.
 *
 * <ol>
 *   <li><b>Crawl:</b> one Jetty on 127.0.0.1 serves an AI Catalog listing N generated Server Cards
 *       and the cards; the registry crawls it through the safe outbound client (loopback and plain
 *       http allowed explicitly, as {@code --crawl-allow-private} does) with the given per-host
 *       limit. Reported: cards/s (entries added ÷ wall time of {@code Crawler.crawl}), the peak heap
 *       in use during the crawl (sampled every 5 ms) and the heap still used after a GC.</li>
 *   <li><b>Index and search:</b> M generated entries offered one by one (validation, settling,
 *       storing, indexing: offers/s), then the Lucene index of all of them built at once (its size
 *       in bytes), then a fixed mix of 20 queries run round-robin: p50/p99 of {@code Registry.search}
 *       (index plus reading the hits from the store) and of {@code SearchIndex.search} alone.</li>
 *   <li><b>Read API:</b> the registry of M entries served by {@code RegistryServer}; {@code wrk}
 *       at 16 connections (2 threads) on three URLs: the first page of the listing, one server's
 *       latest version, and a listing filtered by {@code search}.</li>
 * </ol>
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar dev.switchboard.bench.RegistryBenchmark
 * [cards=1000] [entries=10000] [seconds=15] [store=embedded|postgresql]}. With {@code store=postgresql}
 * every phase runs on a throwaway PostgreSQL ({@link PostgresServer}) instead of the embedded store.
 * Needs {@code wrk} on the PATH or in /usr/bin.
 */
public final class RegistryBenchmark {
    private static final String[] WORDS = ("weather forecast city temperature rain database query sql table schema git "
            + "commit branch repository review ticket helpdesk support customer invoice payment refund card bank "
            + "search documents index files folder calendar meeting schedule event translate language text speech "
            + "image resize photo video audio music playlist email send inbox message slack chat channel kubernetes "
            + "deploy cluster container log analysis metrics alert trace maps route address geocode stock price "
            + "market trade pdf extract table page code lint test build package npm python java security scan "
            + "secret vault token auth user profile contact crm lead sales report dashboard chart spreadsheet "
            + "notes wiki knowledge summary news feed rss social post tweet shop order cart product inventory "
            + "shipping travel flight hotel booking").split(" ");
    private static final List<String> QUERY_MIX = List.of("weather", "forecast city", "database query", "git commit",
            "ticket", "invoice payment", "search documents", "calendar meeting", "translate", "image resize",
            "server-00042", "email send", "kubernetes deploy", "log analysis", "maps route", "stock price",
            "pdf extract", "code review", "slack message", "music playlist");
    private static final Provenance FILES = new Provenance("files:bench", "bench/generated", Precedence.FILES);

    private RegistryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int cards = intArg(args, "cards", 1000);
        int entries = intArg(args, "entries", 10_000);
        int seconds = intArg(args, "seconds", 15);
        String storeKind = stringArg(args, "store", "embedded");
        System.out.printf("RegistryBenchmark cards=%d entries=%d seconds=%d store=%s, %s, %d cores, max heap %d MiB%n%n",
                cards, entries, seconds, storeKind, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        PostgresServer pg = storeKind.equals("postgresql") ? PostgresServer.start() : null;
        try {
            Stores stores = new Stores(pg);
            crawl(stores, cards);
            Registry registry = new Registry(stores.next(), Clock.systemUTC());
            try {
                indexAndSearch(registry, entries);
                readApi(registry, entries, seconds);
            } finally {
                registry.close();
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    /** A fresh, empty store per phase: memory, or a new database on the benchmark's PostgreSQL. */
    private static final class Stores {
        private final PostgresServer pg;
        private int databases;

        Stores(PostgresServer pg) {
            this.pg = pg;
        }

        EntryStore next() throws IOException {
            if (pg == null) {
                return EmbeddedEntryStore.inMemory();
            }
            String db = "bench_" + ++databases;
            pg.createDatabase(db);
            return PostgresEntryStore.open(pg.url(db));
        }
    }

    // ---- 1. crawl ------------------------------------------------------------------------------

    private static void crawl(Stores stores, int cards) throws Exception {
        Server farm = farm(cards);
        int port = ((ServerConnector) farm.getConnectors()[0]).getLocalPort();
        URI catalog = URI.create("http://127.0.0.1:" + port + "/.well-known/ai-catalog.json");
        System.out.println("### Crawl: " + cards + " generated cards from one loopback Jetty (" + catalog + ")");
        System.out.println();
        System.out.println("| round | per-host limit | cards added | seconds | cards/s | peak heap used MiB | heap after GC MiB (before → after) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        try (SafeHttpClient http = SafeHttpClient.builder().allowHttp(true).allow(AddressClass.LOOPBACK)
                .timeout(Duration.ofSeconds(10)).build()) {
            int round = 0;
            for (int perHost : new int[] {4, 4, 16}) {
                round++;
                try (Registry registry = new Registry(stores.next(), Clock.systemUTC())) {
                    Crawler crawler = new Crawler(registry, new Fetcher(http, perHost, 3, Duration.ofMillis(100)), line -> { });
                    long before = heapAfterGc();
                    HeapPeak peak = HeapPeak.start();
                    long t0 = System.nanoTime();
                    CrawlSummary summary = crawler.crawl(List.of(new Source.Catalog(catalog)));
                    double secs = (System.nanoTime() - t0) / 1e9;
                    long max = peak.stop();
                    long after = heapAfterGc();
                    if (summary.added() != cards || summary.rejected() != 0) {
                        throw new IllegalStateException("the crawl should add every card: " + summary + ", rejections: "
                                + registry.rejections().stream().limit(3).toList());
                    }
                    System.out.printf(Locale.ROOT, "| %d%s | %d | %d | %.2f | %,.0f | %d | %d → %d |%n", round,
                            round == 1 ? " (cold JVM)" : "", perHost, summary.added(), secs, summary.added() / secs,
                            max >> 20, before >> 20, after >> 20);
                }
            }
        } finally {
            farm.stop();
        }
        System.out.println();
    }

    /** One Jetty on 127.0.0.1 serving the catalog and {@code cards} generated cards. */
    private static Server farm(int cards) throws Exception {
        byte[][] bodies = new byte[cards][];
        Random random = new Random(7);
        for (int i = 0; i < cards; i++) {
            bodies[i] = card(i, random).getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder list = new StringBuilder("{\"specVersion\": \"1.0\", \"entries\": [");
        for (int i = 0; i < cards; i++) {
            list.append(i == 0 ? "" : ",").append("{\"identifier\": \"urn:air:farm.test:mcp:s").append(i)
                    .append("\", \"type\": \"application/mcp-server-card+json\", \"url\": \"/cards/").append(i).append("\"}");
        }
        byte[] catalog = list.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                byte[] body = null;
                String type = "application/mcp-server-card+json";
                if (path.equals("/.well-known/ai-catalog.json")) {
                    body = catalog;
                    type = "application/ai-catalog+json";
                } else if (path.startsWith("/cards/")) {
                    try {
                        int i = Integer.parseInt(path.substring(7));
                        body = i >= 0 && i < cards ? bodies[i] : null;
                    } catch (NumberFormatException e) {
                        body = null;
                    }
                }
                if (body == null) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        return server;
    }

    private static String card(int i, Random random) {
        StringBuilder tools = new StringBuilder();
        for (int t = 0; t < 3; t++) {
            tools.append(t == 0 ? "" : ",").append("{\"name\": \"").append(word(random)).append('_').append(word(random))
                    .append("\", \"description\": \"").append(sentence(random, 8)).append("\"}");
        }
        return """
                {"$schema": "https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json",
                 "name": "test.farm/server-%05d", "version": "1.0.%d", "description": "%s",
                 "remotes": [{"type": "streamable-http", "url": "https://s%d.farm.test/mcp",
                              "supportedProtocolVersions": ["2026-07-28"]}],
                 "_meta": {"dev.switchboard/capabilities": {"tools": {}},
                           "dev.switchboard/tools": [%s]}}""".formatted(i, i % 7, sentence(random, 12), i, tools);
    }

    // ---- 2. index and search -------------------------------------------------------------------

    private static void indexAndSearch(Registry registry, int entries) {
        Random random = new Random(42);
        long t0 = System.nanoTime();
        for (int i = 0; i < entries; i++) {
            JsonObject doc = JsonObject.builder()
                    .put("$schema", "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json")
                    .put("name", "com.example.bench/server-%05d".formatted(i)).put("version", "1.%d.0".formatted(i % 5))
                    .put("title", capitalized(word(random)) + " " + capitalized(word(random)))
                    .put("description", sentence(random, 8 + random.nextInt(8)))
                    .put("remotes", JsonArray.of(JsonObject.of("type", Json.of(i % 3 == 0 ? "sse" : "streamable-http"),
                            "url", Json.of("https://s" + i + ".bench.example.com/mcp"))))
                    .put("_meta", JsonObject.of("io.modelcontextprotocol.registry/publisher-provided",
                            JsonObject.of("tags", JsonArray.ofStrings(List.of(word(random), word(random))))))
                    .build();
            List<CardFacts.ToolFact> tools = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                tools.add(new CardFacts.ToolFact(word(random) + "_" + word(random), sentence(random, 8)));
            }
            Registry.Change change = registry.offer(new Submission(FILES, doc,
                    new CardFacts(List.of("2026-07-28"), List.of("tools"), tools), null));
            if (change != Registry.Change.ADDED) {
                throw new IllegalStateException("entry " + i + " was " + change + ": " + registry.rejections());
            }
        }
        double offerSecs = (System.nanoTime() - t0) / 1e9;
        List<Entry> all = registry.all();
        long indexSize;
        double buildSecs;
        List<Long> indexOnly = new ArrayList<>();
        List<Long> throughRegistry = new ArrayList<>();
        try (SearchIndex index = new SearchIndex()) {
            long b0 = System.nanoTime();
            index.update(all);
            buildSecs = (System.nanoTime() - b0) / 1e9;
            indexSize = index.sizeInBytes();
            List<SearchQuery> mix = QUERY_MIX.stream().map(SearchQuery::text).toList();
            for (int round = 0; round < 300; round++) { // warm-up
                for (SearchQuery q : mix) {
                    index.search(q);
                    registry.search(q);
                }
            }
            int hits = 0;
            for (int round = 0; round < 250; round++) { // 5,000 queries each way
                for (SearchQuery q : mix) {
                    long s0 = System.nanoTime();
                    hits += index.search(q).size();
                    long s1 = System.nanoTime();
                    hits += registry.search(q).size();
                    long s2 = System.nanoTime();
                    indexOnly.add(s1 - s0);
                    throughRegistry.add(s2 - s1);
                }
            }
            if (hits == 0) {
                throw new IllegalStateException("the query mix found nothing");
            }
        }
        System.out.println("### Index and search: " + all.size() + " generated entries");
        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---:|");
        System.out.printf(Locale.ROOT, "| offered one by one (validate, settle, store, index) | %.1f s, %,.0f entries/s |%n",
                offerSecs, entries / offerSecs);
        System.out.printf(Locale.ROOT, "| index built at once from the store | %.2f s |%n", buildSecs);
        System.out.printf(Locale.ROOT, "| index size | %,d bytes (%.1f MiB, %.0f bytes/entry) |%n", indexSize,
                indexSize / 1048576.0, (double) indexSize / all.size());
        System.out.printf(Locale.ROOT, "| `SearchIndex.search`, %d queries of a fixed mix of %d, top 10 | p50 %s, p99 %s |%n",
                indexOnly.size(), QUERY_MIX.size(), micros(indexOnly, 50), micros(indexOnly, 99));
        System.out.printf(Locale.ROOT, "| `Registry.search` (index + reading the hits from the store) | p50 %s, p99 %s |%n",
                micros(throughRegistry, 50), micros(throughRegistry, 99));
        System.out.println();
        System.out.println("Query mix: " + String.join(", ", QUERY_MIX.stream().map(q -> "`" + q + "`").toList()) + ".");
        System.out.println();
    }

    // ---- 3. read API ---------------------------------------------------------------------------

    private static void readApi(Registry registry, int entries, int seconds) throws Exception {
        String wrk = List.of("/usr/bin/wrk", "/usr/local/bin/wrk").stream().filter(p -> new java.io.File(p).canExecute())
                .findFirst().orElseThrow(() -> new IllegalStateException("wrk is missing: apt-get install -y wrk"));
        try (RegistryServer server = RegistryServer.builder(registry).port(0).start()) {
            String base = server.apiBase().toString();
            List<String[]> urls = List.of(
                    new String[] {"first page of the listing", base + "/v0.1/servers?limit=30"},
                    new String[] {"one server's latest version", base + "/v0.1/servers/com.example.bench%2Fserver-00042/versions/latest"},
                    new String[] {"listing filtered by `search`", base + "/v0.1/servers?search=server-0004&limit=30"});
            System.out.println("### Read API: " + entries + " entries, wrk -t2 -c16 -d" + seconds + "s (after a 5 s warm-up per URL)");
            System.out.println();
            System.out.println("| request | req/s | p50 ms | p99 ms | non-2xx | errors |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            HttpClient check = HttpClient.newHttpClient();
            for (String[] u : urls) {
                HttpResponse<String> one = check.send(HttpRequest.newBuilder(URI.create(u[1])).build(), HttpResponse.BodyHandlers.ofString());
                if (one.statusCode() != 200 || !one.body().contains("com.example.bench/server-")) {
                    throw new IllegalStateException(u[1] + " answered " + one.statusCode() + ": " + one.body());
                }
                run(List.of(wrk, "-t2", "-c16", "-d5s", u[1]));
                String out = run(List.of(wrk, "-t2", "-c16", "-d" + seconds + "s", "--latency", u[1]));
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", u[0], find(out, "Requests/sec:\\s+([\\d.]+)"),
                        ms(find(out, "\\n\\s+50%\\s+(\\S+)")), ms(find(out, "\\n\\s+99%\\s+(\\S+)")),
                        orZero(find(out, "Non-2xx or 3xx responses: (\\d+)")), errors(out));
            }
            System.out.println();
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String orZero(String s) {
        return s == null ? "0" : s;
    }

    private static String errors(String out) {
        String socket = find(out, "Socket errors: (.*)");
        return socket == null ? "0" : socket.strip();
    }

    /** wrk's latency ("812.00us", "1.20ms", "2.00s") in ms. */
    private static String ms(String value) {
        if (value == null) {
            return "?";
        }
        Matcher m = Pattern.compile("([\\d.]+)(us|ms|s)").matcher(value);
        if (!m.matches()) {
            return value;
        }
        double v = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            default -> v * 1000;
        };
        return String.format(Locale.ROOT, "%.2f", millis);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String micros(List<Long> nanos, int percentile) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long v = sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
        return String.format(Locale.ROOT, "%.0f µs", v / 1000.0);
    }

    /** A word, the first ones of the list more often (a skewed, Zipf-like choice). */
    private static String word(Random random) {
        double r = random.nextDouble();
        return WORDS[(int) (r * r * WORDS.length)];
    }

    /** {@code words} words, at most 100 characters (the longest description server.json and cards allow). */
    private static String sentence(Random random, int words) {
        String[] out = new String[words];
        Arrays.setAll(out, i -> word(random));
        String text = capitalized(String.join(" ", out));
        return (text.length() > 99 ? text.substring(0, text.lastIndexOf(' ', 99)) : text) + ".";
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The most heap in use, sampled every 5 ms on a thread of its own. */
    private static final class HeapPeak {
        private final AtomicLong max = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        static HeapPeak start() {
            HeapPeak p = new HeapPeak();
            p.thread = Thread.ofPlatform().daemon().start(() -> {
                while (p.running) {
                    p.max.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return p;
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return max.get();
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        String v = stringArg(args, name, null);
        return v == null ? fallback : Integer.parseInt(v);
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
