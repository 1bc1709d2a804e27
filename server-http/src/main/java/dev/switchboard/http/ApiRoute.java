package dev.switchboard.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A small HTTP API served beside the MCP endpoint, for every method and every path under a prefix,
 * e.g. a registry's {@code /v0.1} read API. Mounted with {@link McpHttpServer.Builder#api(String, ApiRoute)}.
 *
 * <p>Runs after the Origin check, with the body already read within the server's body limit
 * (larger ones get 413 before the route sees them). It is not authenticated by the server: a route
 * that needs a caller's identity checks {@link Request#bearerToken()} itself. Called on the
 * request's virtual thread, concurrently: keep it thread-safe; it may block. A
 * {@link MalformedFieldException} (from reading a malformed query or form) becomes a 400 with its
 * message; any other runtime exception a 500 whose body does not reveal it.
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

        /**
         * The fields of the query ({@link RequestFields#query}); empty when there is none.
         *
         * @throws MalformedFieldException when an escape does not decode (answered 400 if let escape)
         */
        default Map<String, String> queryFields() {
            return RequestFields.query(query());
        }

        /**
         * The fields of an {@code application/x-www-form-urlencoded} body ({@link RequestFields#form});
         * empty for a body of another type.
         *
         * @throws MalformedFieldException when an escape does not decode (answered 400 if let escape)
         */
        default Map<String, String> formFields() {
            String type = header("Content-Type");
            boolean form = type != null && type.split(";", 2)[0].strip().equalsIgnoreCase("application/x-www-form-urlencoded");
            return form ? RequestFields.form(new String(body(), StandardCharsets.UTF_8)) : Map.of();
        }

        /** The cookies of the {@code Cookie} header, as sent ({@link RequestFields#cookies}). */
        default Map<String, String> cookies() {
            return RequestFields.cookies(header("Cookie"));
        }
    }
}
