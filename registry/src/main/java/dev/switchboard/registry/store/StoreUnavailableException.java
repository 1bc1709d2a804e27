package dev.switchboard.registry.store;

/** The store's database could not be reached or prepared; the message names it (never with its password). */
public final class StoreUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
