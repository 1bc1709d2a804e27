package dev.switchboard.client.discovery;

import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.discovery.InvalidDocumentException;
import dev.switchboard.protocol.discovery.ServerCards;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads discovery documents without opening an MCP connection: a server's card
 * ({@code <endpoint>/server-card}) and a host's AI Catalog ({@code /.well-known/ai-catalog.json}).
 * What it returns has been validated (cards against the official schema); what the card says is
 * advisory, and {@code server/discover} on a live connection wins where the two disagree.
 *
 * <pre>{@code
 * ServerCard card = Discovery.card(URI.create("https://mcp.example.com/mcp"));
 * AiCatalog catalog = Discovery.catalog(URI.create("https://example.com"));
 * }</pre>
 *
 * <p>A separate class rather than methods on {@code McpClient}, whose {@code discover()} is the
 * {@code server/discover} request of a connected client. Thread-safe.
 */
public final class Discovery {
    /** Documents larger than this are refused (a card is a few KiB). */
    static final int MAX_BYTES = 1024 * 1024;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(DEFAULT_TIMEOUT).build();

    private Discovery() {
    }

    /** The card URL for {@code url}: itself when it ends in {@code /server-card}, else the endpoint's card. */
    public static URI cardUrl(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (path.endsWith(ServerCard.PATH_SUFFIX)) {
            return url;
        }
        return url.resolve(path.replaceAll("/+$", "") + ServerCard.PATH_SUFFIX);
    }

    /** The catalog URL for {@code url}: the host's well-known catalog unless a path is given. */
    public static URI catalogUrl(URI url) {
        String path = url.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? url.resolve(AiCatalog.WELL_KNOWN_PATH) : url;
    }

    /** Fetches the card of the MCP endpoint (or card URL) {@code url}, waiting up to 10 seconds. */
    public static ServerCard card(URI url) {
        return card(url, DEFAULT_TIMEOUT);
    }

    /**
     * Fetches and validates a Server Card.
     *
     * @throws McpClientException {@code HTTP_STATUS} (e.g. 404: no card there), {@code INVALID_RESPONSE}
     *                            (wrong content type, not JSON, too large, or invalid: the message names the
     *                            field), {@code TRANSPORT} or {@code TIMEOUT}
     */
    public static ServerCard card(URI url, Duration timeout) {
        URI at = cardUrl(url);
        return fetch(at, ServerCard.MEDIA_TYPE, timeout, "Server Card", ServerCards::parse);
    }

    /** Fetches the AI Catalog of the host (or catalog URL) {@code url}, waiting up to 10 seconds. */
    public static AiCatalog catalog(URI url) {
        return catalog(url, DEFAULT_TIMEOUT);
    }

    /**
     * Fetches and checks an AI Catalog; fails as {@link #card(URI, Duration)} does.
     */
    public static AiCatalog catalog(URI url, Duration timeout) {
        URI at = catalogUrl(url);
        return fetch(at, AiCatalog.MEDIA_TYPE, timeout, "AI Catalog", ServerCards::parseCatalog);
    }

    private static <T> T fetch(URI url, String mediaType, Duration timeout, String what, Function<Json, T> parse) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("Accept", mediaType + ", application/json;q=0.5").build();
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (HttpTimeoutException e) {
            throw new McpClientException(Kind.TIMEOUT, "no " + what + " from " + url + " within " + timeout.toSeconds()
                    + " s", 0, e);
        } catch (IOException e) {
            throw new McpClientException(Kind.TRANSPORT, "cannot fetch the " + what + " at " + url + ": " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpClientException(Kind.CANCELLED, "interrupted while fetching " + url, 0, e);
        }
        int status = response.statusCode();
        if (status != 200) {
            String hint = status == 404 ? "no " + what + " there (HTTP 404)" : "HTTP " + status;
            throw new McpClientException(Kind.HTTP_STATUS, url + ": " + hint + reason(body), status, null);
        }
        String type = response.headers().firstValue("Content-Type").orElse("none");
        String bare = type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!bare.equals(mediaType) && !bare.equals("application/json")) {
            throw new McpClientException(Kind.INVALID_RESPONSE, url + " is not a " + what + ": its content type is "
                    + type + ", expected " + mediaType, status, null);
        }
        if (body.length > MAX_BYTES) {
            throw new McpClientException(Kind.INVALID_RESPONSE, url + ": the " + what + " is larger than "
                    + MAX_BYTES + " bytes", status, null);
        }
        try {
            return parse.apply(Wire.parse(body));
        } catch (McpException | InvalidDocumentException e) { // malformed JSON, or the shape is wrong
            throw new McpClientException(Kind.INVALID_RESPONSE, url + ": " + e.getMessage(), status, e);
        }
    }

    /** The server's own explanation of an error status, when it sent {@code {"error": "..."}}. */
    private static String reason(byte[] body) {
        try {
            if (Wire.parse(body) instanceof JsonObject o && o.getString("error") != null) {
                return ": " + o.getString("error");
            }
        } catch (McpException notJson) {
            // no explanation then
        }
        return "";
    }
}
