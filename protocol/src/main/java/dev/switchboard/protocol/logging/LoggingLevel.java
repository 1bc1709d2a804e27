package dev.switchboard.protocol.logging;

import java.util.Locale;

/** Syslog severities (RFC 5424), least severe first, so {@link #isAtLeast} follows declaration order. */
public enum LoggingLevel {
    /** Debugging detail. */
    DEBUG,
    /** Informational. */
    INFO,
    /** Normal but significant. */
    NOTICE,
    /** Warning. */
    WARNING,
    /** Error. */
    ERROR,
    /** Critical condition. */
    CRITICAL,
    /** Action must be taken immediately. */
    ALERT,
    /** The system is unusable. */
    EMERGENCY;

    /** The wire spelling: the lowercase name, e.g. {@code "warning"}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level spelled {@code wire} (case-sensitive), or null for an unknown level. */
    public static LoggingLevel fromWire(String wire) {
        for (LoggingLevel l : values()) {
            if (l.wire().equals(wire)) {
                return l;
            }
        }
        return null;
    }

    /** True when this level is {@code threshold} or more severe (i.e. a message at it should be sent). */
    public boolean isAtLeast(LoggingLevel threshold) {
        return compareTo(threshold) >= 0;
    }
}
