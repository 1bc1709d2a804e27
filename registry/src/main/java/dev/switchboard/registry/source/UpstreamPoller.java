package dev.switchboard.registry.source;

import dev.switchboard.outbound.OutboundException;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.entry.CardFacts;
import dev.switchboard.registry.entry.Official;
import dev.switchboard.registry.entry.Provenance;
import dev.switchboard.registry.entry.Status;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Polls another registry's read API ({@code GET /v0.1/servers}), page by page. The first poll reads
 * everything; later ones ask only for what changed since the newest {@code updatedAt} seen
 * ({@code updated_since}, which also brings deleted versions, so deletions arrive as status
 * changes). Its registry metadata (status, timestamps) is kept as the upstream gave it.
 */
final class UpstreamPoller {
    /** A page cap, so a registry that hands out cursors forever cannot keep a crawl going. */
    static final int MAX_PAGES = 1000;
    static final int PAGE_SIZE = 100;

    private final Registry registry;
    private final Fetcher fetcher;
    private final Consumer<String> progress;
    private final Map<URI, Instant> since = new ConcurrentHashMap<>();

    UpstreamPoller(Registry registry, Fetcher fetcher, Consumer<String> progress) {
        this.registry = registry;
        this.fetcher = fetcher;
        this.progress = progress;
    }

    void poll(Source.Upstream source, Crawler.Tally t) throws InterruptedException {
        URI base = URI.create(source.baseUrl().toString().replaceAll("/+$", ""));
        Instant after = since.get(base);
        Instant newest = after;
        String cursor = null;
        Set<String> cursors = new HashSet<>();
        Provenance listing = new Provenance(source.id(), base + "/v0.1/servers", source.precedence());
        for (int page = 0; page < MAX_PAGES; page++) {
            StringBuilder url = new StringBuilder(base + "/v0.1/servers?limit=" + PAGE_SIZE);
            if (cursor != null) {
                url.append("&cursor=").append(enc(cursor));
            }
            if (after != null) {
                url.append("&updated_since=").append(enc(after.toString()));
            }
            JsonObject list;
            try {
                Json body = Wire.parse(fetcherOf(source).get(URI.create(url.toString()), Set.of("application/json")).body());
                list = body.asObject();
                if (list == null || !(list.get("servers") instanceof JsonArray)) {
                    throw new McpException(dev.switchboard.protocol.jsonrpc.ErrorCode.PARSE_ERROR,
                            "the answer is not a ServerList ({\"servers\": [...], \"metadata\": {...}})");
                }
            } catch (OutboundException | McpException e) {
                registry.refreshFailed(source.id(), null, e.getMessage());
                registry.reject(listing, null, null, e.getMessage());
                t.failed.incrementAndGet();
                progress.accept("  failed " + url + ": " + e.getMessage());
                return; // keep the old watermark: the next poll asks again from there
            }
            JsonArray servers = (JsonArray) list.get("servers");
            for (Json item : servers.values()) {
                Instant updated = offer(source, base, item, t);
                if (updated != null && (newest == null || updated.isAfter(newest))) {
                    newest = updated;
                }
            }
            JsonObject metadata = list.getObject("metadata");
            cursor = metadata == null ? null : metadata.getString("nextCursor");
            if (cursor == null || cursor.isEmpty() || servers.size() == 0 || !cursors.add(cursor)) {
                break;
            }
        }
        if (newest != null) {
            since.put(base, newest);
        }
        progress.accept("  polled " + base + (after == null ? " (full)" : " (changes since " + after + ")"));
    }

    private Fetcher fetcherOf(Source source) throws OutboundException {
        if (fetcher == null) {
            throw new OutboundException("refused " + source.id() + ": this registry reads no URLs (no fetcher configured)");
        }
        return fetcher;
    }

    /** Offers one ServerResponse; returns its upstream {@code updatedAt}, or null when it had none. */
    private Instant offer(Source.Upstream source, URI base, Json item, Crawler.Tally t) {
        JsonObject response = item.asObject();
        JsonObject server = response == null ? null : response.getObject("server");
        String name = server == null ? null : server.getString("name");
        String version = server == null ? null : server.getString("version");
        Provenance p = new Provenance(source.id(), name == null ? base + "/v0.1/servers"
                : base + "/v0.1/servers/" + enc(name) + "/versions/" + enc(String.valueOf(version)), source.precedence());
        if (server == null) {
            registry.reject(p, null, null, "a listed item has no \"server\" object");
            t.documents.incrementAndGet();
            t.rejected.incrementAndGet();
            return null;
        }
        Official official = null;
        JsonObject meta = response.getObject("_meta");
        JsonObject o = meta == null ? null : meta.getObject(Official.META_KEY);
        if (o != null) {
            try {
                Instant published = Instant.parse(o.getString("publishedAt"));
                Instant updated = o.getString("updatedAt") == null ? published : Instant.parse(o.getString("updatedAt"));
                official = new Official(o.getString("status") == null ? Status.ACTIVE : Status.of(o.getString("status")),
                        o.getString("statusMessage"), published, updated, false);
            } catch (DateTimeParseException | NullPointerException | IllegalArgumentException e) {
                registry.reject(p, name, version, "invalid registry metadata " + Official.META_KEY + ": " + e.getMessage());
                t.documents.incrementAndGet();
                t.rejected.incrementAndGet();
                return null;
            }
        }
        t.count(registry.offer(new Submission(p, server, CardFacts.NONE, official)));
        return official == null ? null : official.updatedAt();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
