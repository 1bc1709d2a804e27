package dev.switchboard.server;

/**
 * The URI names no resource. The runtime answers {@code -32602} on 2026-07-28 and {@code -32002}
 * in the session era, with the URI in {@code data}.
 */
public final class ResourceNotFoundException extends RuntimeException {
    private final String uri;

    /** Not found: {@code uri}. */
    public ResourceNotFoundException(String uri) {
        super("Resource not found: " + uri);
        this.uri = uri;
    }

    /** The URI asked for. */
    public String uri() {
        return uri;
    }
}
