package dev.switchboard.http.internal;

import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.CatalogEntry;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.discovery.InvalidDocumentException;
import dev.switchboard.protocol.json.JsonObject;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The discovery documents: {@code GET <endpoint>/server-card} for each hosted endpoint and
 * {@code GET /.well-known/ai-catalog.json} listing them all. Both are public and cacheable: ETag
 * with {@code If-None-Match} (304), {@code Cache-Control: public, max-age=3600}, and CORS for GET.
 *
 * <p>CORS: a server on a public interface answers {@code Access-Control-Allow-Origin: *}, as the
 * draft requires, since the documents hold nothing a plain HTTP client could not read. A server
 * bound to loopback keeps its Origin policy (foreign origins get 403, allowed ones are echoed),
 * so any web page a developer visits cannot probe which MCP servers run on the machine. The Host
 * check (DNS rebinding) applies in both cases.
 */
public final class DiscoveryHandler extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(DiscoveryHandler.class.getName());
    static final String CACHE_CONTROL = "public, max-age=3600";
    private static final String JSON = "application/json";

    /**
     * One hosted MCP endpoint.
     *
     * @param path the endpoint's path, e.g. {@code /mcp}
     * @param card its card, given the endpoint's public URL; null when it has none now
     */
    public record Endpoint(String path, Function<String, ServerCard> card) {
    }

    private final List<Endpoint> endpoints;
    private final OriginPolicy origins;
    private final URI publicOrigin;

    /**
     * Serves the documents of {@code endpoints}.
     *
     * @param publicOrigin {@code scheme://host[:port]} clients use, or null to take it from each request
     */
    public DiscoveryHandler(List<Endpoint> endpoints, OriginPolicy origins, URI publicOrigin) {
        super(InvocationType.BLOCKING);
        this.endpoints = List.copyOf(endpoints);
        this.origins = origins;
        this.publicOrigin = publicOrigin;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String target = Request.getPathInContext(request);
        boolean catalog = target.equals(AiCatalog.WELL_KNOWN_PATH);
        Endpoint endpoint = catalog ? null : endpointOf(target);
        if (!catalog && endpoint == null) {
            return false;
        }
        HttpFields headers = request.getHeaders();
        String origin = headers.get(HttpHeader.ORIGIN);
        String refusal = origins.check(headers.get(HttpHeader.HOST), origins.loopbackOnly() ? origin : null);
        if (refusal != null) {
            error(response, callback, 403, refusal);
            return true;
        }
        cors(response, origin);
        String method = request.getMethod();
        if ("OPTIONS".equals(method)) { // CORS preflight
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, If-None-Match");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "86400");
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, OPTIONS");
            error(response, callback, 405, method + " is not allowed here; use GET");
            return true;
        }
        String preferred = catalog ? AiCatalog.MEDIA_TYPE : ServerCard.MEDIA_TYPE;
        String type = negotiate(headers.getValuesList(HttpHeader.ACCEPT), preferred);
        if (type == null) {
            error(response, callback, 406, "Accept must allow " + preferred + " or " + JSON);
            return true;
        }
        String base = publicOrigin != null ? publicOrigin.toString().replaceAll("/+$", "")
                : request.getHttpURI().getScheme() + "://" + headers.get(HttpHeader.HOST);
        JsonObject document;
        try {
            ServerCard card = catalog ? null : endpoint.card().apply(base + endpoint.path());
            if (!catalog && card == null) {
                error(response, callback, 404, "this server has no Server Card now (e.g. an upstream not reached yet)");
                return true;
            }
            document = catalog ? Codec.encode(catalog(base)) : Codec.encode(card);
        } catch (InvalidDocumentException e) {
            LOG.log(System.Logger.Level.WARNING, "no Server Card: " + e.getMessage());
            error(response, callback, 404, "this server has no valid Server Card: " + e.getMessage());
            return true;
        }
        byte[] body = Wire.write(document);
        String etag = etag(body);
        response.getHeaders().put(HttpHeader.ETAG, etag);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, CACHE_CONTROL);
        response.getHeaders().add(HttpHeader.VARY, "Accept");
        if (matches(headers.getValuesList(HttpHeader.IF_NONE_MATCH), etag)) {
            response.setStatus(304);
            callback.succeeded();
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, "HEAD".equals(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }

    private Endpoint endpointOf(String target) {
        for (Endpoint e : endpoints) {
            if (target.equals(e.path() + ServerCard.PATH_SUFFIX)) {
                return e;
            }
        }
        return null;
    }

    /** One entry per endpoint whose card can be made; the others are left out (and logged when fetched). */
    private AiCatalog catalog(String base) {
        List<CatalogEntry> entries = new ArrayList<>(endpoints.size());
        for (Endpoint e : endpoints) {
            try {
                ServerCard card = e.card().apply(base + e.path());
                if (card != null) {
                    entries.add(CatalogEntry.forCard(card, base + e.path() + ServerCard.PATH_SUFFIX));
                }
            } catch (InvalidDocumentException ignored) {
                // the card route explains why; the catalog lists what exists
            }
        }
        return AiCatalog.of(entries);
    }

    private void cors(Response response, String origin) {
        if (!origins.loopbackOnly()) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else if (origin != null) { // passed the Origin policy: echo it, and let caches key on it
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.getHeaders().add(HttpHeader.VARY, "Origin");
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag");
    }

    /**
     * The media type to answer: {@code preferred} when acceptable, else {@code application/json},
     * else null. No Accept header accepts anything; {@code q=0} refuses a type.
     */
    static String negotiate(List<String> accept, String preferred) {
        if (accept == null || accept.isEmpty()) {
            return preferred;
        }
        boolean json = false;
        for (String header : accept) {
            for (String range : header.split(",")) {
                String[] parts = range.split(";");
                String type = parts[0].strip().toLowerCase(Locale.ROOT);
                if (refused(parts)) {
                    continue;
                }
                if (type.equals(preferred) || type.equals("application/*") || type.equals("*/*")) {
                    return preferred;
                }
                json |= type.equals(JSON);
            }
        }
        return json ? JSON : null;
    }

    private static boolean refused(String[] params) {
        for (int i = 1; i < params.length; i++) {
            String p = params[i].strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2)) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** A strong validator: a hash of the exact bytes. */
    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** If-None-Match uses weak comparison (RFC 9110 §13.1.2): {@code W/} prefixes are ignored. */
    static boolean matches(List<String> ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String header : ifNoneMatch) {
            for (String tag : header.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void error(Response response, Callback callback, int status, String message) {
        byte[] body = Wire.write(JsonObject.builder().put("error", message).build());
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
