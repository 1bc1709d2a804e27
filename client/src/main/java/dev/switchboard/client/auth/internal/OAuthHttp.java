package dev.switchboard.client.auth.internal;

import dev.switchboard.client.auth.AuthorizationException;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Blocking HTTP to metadata, registration and token endpoints over the JDK client: HTTP/1.1,
 * redirects never followed (RFC 9728 and RFC 8414 documents must come from the URL asked for),
 * bodies capped at 1 MiB, every request bounded by a timeout.
 */
public final class OAuthHttp implements AutoCloseable {
    private static final int MAX_BODY = 1 << 20;

    /** A response: status, headers, body (capped). */
    public record Reply(int status, java.net.http.HttpHeaders headers, byte[] body) {
        /** A header's first value, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** True for 2xx. */
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The body as a JSON object, or null when it is not one. */
        public JsonObject json() {
            try {
                return Wire.parse(body) instanceof JsonObject o ? o : null;
            } catch (McpException | IllegalArgumentException e) {
                return null;
            }
        }

        /** The start of the body, for messages. */
        public String snippet() {
            String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            return body.length > 200 ? s + "..." : s;
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final String userAgent;

    /** A client whose requests each take at most {@code timeout}. */
    public OAuthHttp(Duration timeout, String userAgent) {
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /** GETs {@code uri} asking for JSON. */
    public Reply get(URI uri) {
        return send(request(uri).header("Accept", "application/json").GET().build());
    }

    /** GETs {@code uri} as a user agent would (the authorization endpoint), without following its redirect. */
    public Reply getPage(URI uri) {
        return send(request(uri).GET().build());
    }

    /** POSTs a JSON document. */
    public Reply postJson(URI uri, Json body) {
        return send(request(uri).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.write(body))).build());
    }

    /** POSTs an {@code application/x-www-form-urlencoded} form with extra headers. */
    public Reply postForm(URI uri, Map<String, String> form, Map<String, String> headers) {
        HttpRequest.Builder b = request(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Forms.encode(form), StandardCharsets.US_ASCII));
        headers.forEach(b::header);
        return send(b.build());
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", userAgent);
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_BODY);
            }
            return new Reply(r.statusCode(), r.headers(), body);
        } catch (IOException e) {
            throw new AuthorizationException(request.method() + " " + request.uri() + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthorizationException(request.method() + " " + request.uri() + " was interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
