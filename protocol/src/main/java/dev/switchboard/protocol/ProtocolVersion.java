package dev.switchboard.protocol;

import java.util.List;

/**
 * The MCP protocol revisions Switchboard speaks, and the rule that tells the two eras apart:
 * 2026-07-28 and later are "modern" (per-request {@code _meta}, no sessions); 2025-11-25 and
 * earlier are the "session era" ({@code initialize}, {@code Mcp-Session-Id}).
 */
public final class ProtocolVersion {
    /** The stateless revision. */
    public static final String V2026_07_28 = "2026-07-28";
    /** The newest session-era revision. */
    public static final String V2025_11_25 = "2025-11-25";
    /** Session-era revision. */
    public static final String V2025_06_18 = "2025-06-18";
    /** Session-era revision. */
    public static final String V2025_03_26 = "2025-03-26";

    /** Modern revisions served, newest first. */
    public static final List<String> MODERN = List.of(V2026_07_28);
    /** Session-era revisions served through {@code initialize}, newest first. */
    public static final List<String> SESSION_ERA = List.of(V2025_11_25, V2025_06_18, V2025_03_26);

    private ProtocolVersion() {
    }

    /**
     * True when {@code version} is not a known session-era revision. Unknown strings count as
     * modern so that they reach the modern path and get {@code -32022} with the supported list.
     */
    public static boolean isModern(String version) {
        return !SESSION_ERA.contains(version);
    }

    /** True when {@code version} is a modern revision this build serves. */
    public static boolean isSupportedModern(String version) {
        return MODERN.contains(version);
    }
}
