package dev.switchboard.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A read-only document served with {@code GET} (and {@code HEAD}) at a fixed path beside the MCP
 * endpoint: metadata such as RFC 9728 Protected Resource Metadata, or a Server Card. Mounted with
 * {@link McpHttpServer.Builder#route(String, Route)}.
 *
 * <p>Routes run after the Origin check and are <em>not</em> authenticated: clients read them to
 * learn how to authenticate. Called on the request's thread, concurrently: keep it thread-safe.
 * Other methods on a route's path get 405.
 */
@FunctionalInterface
public interface Route {

    /** The reply to a {@code GET} of this route's path. */
    Reply get(Authenticator.Inbound request);

    /**
     * What a route answers.
     *
     * @param status      the HTTP status
     * @param contentType the {@code Content-Type} header
     * @param body        the body (not copied: do not change it after handing it over)
     * @param headers     extra response headers, e.g. {@code Allow} or {@code WWW-Authenticate}
     */
    record Reply(int status, String contentType, byte[] body, java.util.Map<String, String> headers) {
        public Reply {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
            headers = java.util.Map.copyOf(headers);
        }

        /** A reply without extra headers. */
        public Reply(int status, String contentType, byte[] body) {
            this(status, contentType, body, java.util.Map.of());
        }

        /** This reply with header {@code name} set to {@code value} as well (e.g. {@code Allow}). */
        public Reply withHeader(String name, String value) {
            java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, contentType, body, more);
        }

        /** 200 with a JSON document. */
        public static Reply json(String json) {
            return new Reply(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }
}
