package dev.switchboard.client;

/**
 * Which generation of the protocol an {@link McpClient} speaks.
 *
 * <ul>
 *   <li>{@link #MODERN}: MCP 2026-07-28, stateless; every request carries its version and
 *       capabilities in {@code _meta} and the matching HTTP headers.</li>
 *   <li>{@link #LEGACY}: the session era (2025-11-25, 2025-06-18, 2025-03-26): an
 *       {@code initialize} handshake, an {@code Mcp-Session-Id}, server-to-client requests.</li>
 *   <li>{@link #AUTO}: probe with {@code server/discover} and fall back to {@code initialize}
 *       when the server does not speak the modern revision. The outcome is cached per client.</li>
 * </ul>
 */
public enum Era {
    /** Force MCP 2026-07-28. */
    MODERN,
    /** Force the session era ({@code initialize} handshake). */
    LEGACY,
    /** Probe and pick; the default. */
    AUTO
}
