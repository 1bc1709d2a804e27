package dev.switchboard.registry.api;

import dev.switchboard.http.ApiRoute;
import dev.switchboard.http.Route;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.entry.Entry;
import dev.switchboard.registry.entry.Status;
import dev.switchboard.state.seal.Sealer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The official registry's read API ({@code openapi.yaml} "2025-12-01"), mounted under {@code /v0.1}:
 * <ul>
 *   <li>{@code GET /v0.1/servers?cursor&limit&search&updated_since&version&include_deleted}: a page of
 *       {@code ServerResponse}s ordered by name then version. {@code limit} is 1–100 (default 30;
 *       anything else is a 400, as in the official registry). {@code search} is a case-insensitive
 *       substring of the name. {@code updated_since} (RFC 3339) includes deleted versions.</li>
 *   <li>{@code GET /v0.1/servers/{name}/versions}: every version, newest first.</li>
 *   <li>{@code GET /v0.1/servers/{name}/versions/{version|latest}}: one version.</li>
 * </ul>
 * The name may be sent encoded ({@code com.example%2Fweather}, as the spec says) or with a plain
 * {@code /}. Cursors are sealed ({@link Cursors}). Failures are {@code {"error": "..."}}: 400 for bad
 * parameters (the HTTP layer's for a query that does not decode), 404 for unknown names and paths,
 * 405 for other methods.
 */
public final class RegistryApi implements ApiRoute {
    /** Where to mount it. */
    public static final String PREFIX = "/v0.1";
    static final int DEFAULT_LIMIT = 30;
    static final int MAX_LIMIT = 100;
    private static final Set<String> READ = Set.of("GET", "HEAD");

    private final Registry registry;
    private final Cursors cursors;

    /** The API over {@code registry}, sealing cursors with {@code sealer}. */
    public RegistryApi(Registry registry, Sealer sealer) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.cursors = new Cursors(Objects.requireNonNull(sealer, "sealer"));
    }

    /** A client mistake, answered with {@code status} and the message. */
    private static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @Override
    public Route.Reply handle(Request request) {
        try {
            String path = request.rawPath();
            if (path.equals(PREFIX + "/servers")) {
                requireRead(request);
                return json(200, list(request.queryFields()));
            }
            if (path.startsWith(PREFIX + "/servers/")) {
                requireRead(request);
                return json(200, server(path.substring((PREFIX + "/servers/").length()), request.queryFields()));
            }
            throw new Refusal(404, "no such API path: " + path + " (this registry serves GET " + PREFIX + "/servers, "
                    + PREFIX + "/servers/{name}/versions and " + PREFIX + "/servers/{name}/versions/{version})");
        } catch (Refusal r) {
            Route.Reply reply = json(r.status, JsonObject.of("error", Json.of(r.getMessage())));
            return r.status == 405 ? reply.withHeader("Allow", "GET, HEAD") : reply;
        }
    }

    private static void requireRead(Request request) {
        if (!READ.contains(request.method())) {
            throw new Refusal(405, request.method() + " is not allowed here: the registry's read API answers GET");
        }
    }

    private JsonObject list(Map<String, String> q) {
        int limit = limit(q.get("limit"));
        Instant since = since(q.get("updated_since"));
        String version = blankToNull(q.get("version"));
        String search = blankToNull(q.get("search"));
        boolean includeDeleted = since != null || bool("include_deleted", q.get("include_deleted"));
        String filters = String.join("\u0000", String.valueOf(search), String.valueOf(since), String.valueOf(version),
                Boolean.toString(includeDeleted));
        Cursors.Position after = q.get("cursor") == null || q.get("cursor").isEmpty() ? null
                : open(q.get("cursor"), filters);
        String needle = search == null ? null : search.toLowerCase(Locale.ROOT);
        List<Entry> page = new ArrayList<>();
        boolean more = false;
        // read the store a chunk at a time from the cursor on, so a page costs about a page
        String afterName = after == null ? null : after.name();
        String afterVersion = after == null ? null : after.version();
        int chunk = Math.max(limit + 1, 100);
        scan:
        while (true) {
            List<Entry> batch = registry.after(afterName, afterVersion, chunk);
            for (Entry e : batch) {
                afterName = e.name();
                afterVersion = e.version();
                if (!includeDeleted && e.official().status() == Status.DELETED
                        || since != null && !e.official().updatedAt().isAfter(since)
                        || needle != null && !e.name().toLowerCase(Locale.ROOT).contains(needle)
                        || version != null && !(version.equals("latest") ? e.official().isLatest() : e.version().equals(version))) {
                    continue;
                }
                if (page.size() == limit) {
                    more = true;
                    break scan;
                }
                page.add(e);
            }
            if (batch.size() < chunk) {
                break;
            }
        }
        String next = more ? cursors.seal(new Cursors.Position(page.getLast().name(), page.getLast().version()), filters) : null;
        return ServerResponses.list(page, next);
    }

    private Cursors.Position open(String cursor, String filters) {
        try {
            return cursors.open(cursor, filters);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, e.getMessage());
        }
    }

    private JsonObject server(String rest, Map<String, String> q) {
        List<String> segments = Arrays.asList(rest.split("/", -1));
        String name;
        List<String> tail;
        if (segments.getFirst().toLowerCase(Locale.ROOT).contains("%2f")) {
            name = decode(segments.getFirst());
            tail = segments.subList(1, segments.size());
        } else if (segments.size() >= 2) {
            name = decode(segments.get(0)) + "/" + decode(segments.get(1));
            tail = segments.subList(2, segments.size());
        } else {
            throw new Refusal(404, "no such API path: " + PREFIX + "/servers/" + rest
                    + " (a server name is namespace/name, sent encoded as namespace%2Fname)");
        }
        if (tail.isEmpty() || !tail.getFirst().equals("versions") || tail.size() > 2) {
            throw new Refusal(404, "no such API path: " + PREFIX + "/servers/" + rest
                    + " (use .../versions or .../versions/{version})");
        }
        boolean includeDeleted = bool("include_deleted", q.get("include_deleted"));
        if (tail.size() == 1) {
            List<Entry> versions = registry.versions(name).stream()
                    .filter(e -> includeDeleted || e.official().status() != Status.DELETED).toList();
            if (versions.isEmpty()) {
                throw new Refusal(404, "Server not found: " + name);
            }
            return ServerResponses.list(versions, null);
        }
        String version = decode(tail.get(1));
        Entry e = registry.get(name, version)
                .filter(found -> includeDeleted || found.official().status() != Status.DELETED)
                .orElseThrow(() -> new Refusal(404, registry.versions(name).isEmpty() ? "Server not found: " + name
                        : "Server version not found: " + name + " has no version " + version));
        return ServerResponses.of(e);
    }

    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Refusal(400, "limit must be an integer from 1 to " + MAX_LIMIT + ", got \"" + text + "\"");
    }

    private static Instant since(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new Refusal(400, "updated_since must be an RFC 3339 date-time such as 2025-08-07T13:15:04.280Z, got \""
                    + text + "\"");
        }
    }

    private static boolean bool(String name, String text) {
        if (text == null || text.isEmpty() || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw new Refusal(400, name + " must be true or false, got \"" + text + "\"");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Percent-decoding of a path segment ('+' is a plus in a path, not a space). */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "the path segment \"" + segment + "\" is not percent-encoded correctly");
        }
    }

    private static Route.Reply json(int status, JsonObject body) {
        return new Route.Reply(status, "application/json", Wire.write(body));
    }
}
