package dev.switchboard.protocol.json;

/** JSON {@code null}. */
public enum JsonNull implements Json {
    /** The only instance. */
    INSTANCE;

    @Override
    public String toString() {
        return "null";
    }
}
