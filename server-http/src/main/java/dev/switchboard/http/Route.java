package dev.switchboard.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A document served with {@code GET} (and {@code HEAD}) at a fixed path beside the MCP endpoint:
 * metadata such as RFC 9728 Protected Resource Metadata, or a Server Card; or a small page that
 * also takes a form {@code POST} (an approval page) when it overrides {@link #acceptsPost()}.
 * Mounted with {@link McpHttpServer.Builder#route(String, Route)}.
 *
 * <p>Routes run after the Origin check and are <em>not</em> authenticated: clients read them to
 * learn how to authenticate, and a page protects itself (capability links, CSRF tokens). Called
 * on the request's thread, concurrently: keep it thread-safe. Other methods on a route's path get
 * 405.
 */
@FunctionalInterface
public interface Route {

    /** The reply to a {@code GET} of this route's path. */
    Reply get(Authenticator.Inbound request);

    /** True when the route also answers {@code POST} ({@link #post}); false for read-only documents. */
    default boolean acceptsPost() {
        return false;
    }

    /**
     * The reply to a {@code POST}, called only when {@link #acceptsPost()}. The body is read
     * whole, up to the server's body limit (a larger one is refused with 413 before this runs).
     *
     * @param request the request's headers and query
     * @param body    the request body
     */
    default Reply post(Authenticator.Inbound request, byte[] body) {
        throw new UnsupportedOperationException("this route is read-only");
    }

    /**
     * What a route answers.
     *
     * @param status      the HTTP status
     * @param contentType the {@code Content-Type} header
     * @param body        the body (not copied: do not change it after handing it over)
     * @param headers     further response headers ({@code Set-Cookie}, {@code Cache-Control}, …)
     */
    record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Reply {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
            headers = Map.copyOf(headers);
        }

        /** A reply with no further headers. */
        public Reply(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        /** 200 with a JSON document. */
        public static Reply json(String json) {
            return new Reply(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }
}
