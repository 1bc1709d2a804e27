package dev.switchboard.http;

/**
 * A query or form with an escape that does not decode: a {@code %} not followed by two hex digits,
 * or escapes that are not UTF-8. Its message names the pair, for the client; an {@link ApiRoute}
 * that lets it escape answers 400 with that message.
 */
public final class MalformedFieldException extends RuntimeException {

    /** {@code what} (e.g. "the query") is not URL-encoded correctly near {@code pair}. */
    MalformedFieldException(String what, String pair) {
        super(what + " is not URL-encoded correctly near \"" + pair + "\"");
    }
}
