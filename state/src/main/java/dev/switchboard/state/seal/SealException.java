package dev.switchboard.state.seal;

/** A sealed token that cannot be trusted; {@link #reason()} says why. Never half-trusted. */
public final class SealException extends RuntimeException {
    /** Why a token was refused. */
    public enum Reason {
        /** Not a token of ours at all (bad encoding, truncated). */
        MALFORMED,
        /** Sealed with a key that is no longer (or never was) on the ring. */
        UNKNOWN_KEY,
        /** Authentication failed: modified, or sealed for another purpose. */
        TAMPERED,
        /** Past its expiry. */
        EXPIRED,
        /** Bound to a different principal than the one presenting it. */
        WRONG_PRINCIPAL
    }

    private final Reason reason;

    SealException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }
}
