package dev.switchboard.http;

/**
 * A small HTTP API served beside the MCP endpoint, for every method and every path under a prefix,
 * e.g. a registry's {@code /v0.1} read API. Mounted with {@link McpHttpServer.Builder#api(String, ApiRoute)}.
 *
 * <p>Runs after the Origin check, with the body already read within the server's body limit
 * (larger ones get 413 before the route sees them). It is not authenticated by the server: a route
 * that needs a caller's identity checks {@link Request#bearerToken()} itself. Called on the
 * request's virtual thread, concurrently: keep it thread-safe; it may block. A runtime exception
 * becomes a 500 whose body does not reveal it.
 */
@FunctionalInterface
public interface ApiRoute {

    /** The reply to {@code request}. */
    Route.Reply handle(Request request);

    /** What a route sees of a request. */
    interface Request extends Authenticator.Inbound {
        /** The method, e.g. {@code GET}. */
        String method();

        /**
         * The path as sent, still percent-encoded, e.g. {@code /v0.1/servers/com.example%2Fweather}:
         * an encoded {@code /} inside a segment stays distinguishable from a separator.
         */
        String rawPath();

        /** The body (empty when there is none). */
        byte[] body();
    }
}
