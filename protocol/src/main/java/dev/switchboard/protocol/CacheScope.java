package dev.switchboard.protocol;

/**
 * Who may reuse a cacheable result ({@code cacheScope} on the wire), analogous to HTTP
 * {@code Cache-Control: public} and {@code private}. It is a caching hint, not access control.
 */
public enum CacheScope {
    /** No user-specific data: shared caches may serve it to anyone, across tokens. */
    PUBLIC("public"),
    /** Reuse only within the same authorization context (token). */
    PRIVATE("private");

    private final String wire;

    CacheScope(String wire) {
        this.wire = wire;
    }

    /** The wire spelling, e.g. {@code "public"}. */
    public String wire() {
        return wire;
    }

    /** The scope spelled {@code wire}, or null for anything else (the caller decides if that is an error). */
    public static CacheScope fromWire(String wire) {
        for (CacheScope s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        return null;
    }
}
