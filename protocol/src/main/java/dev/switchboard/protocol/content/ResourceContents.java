package dev.switchboard.protocol.content;

/**
 * The contents of a resource: {@link TextResourceContents} or {@link BlobResourceContents}.
 * Not sealed, for the same reason as {@link Content}; shapes with neither {@code text} nor
 * {@code blob} arrive as {@link UnknownResourceContents}.
 */
public interface ResourceContents {
    /** The resource's URI (null only for an unknown shape without one). */
    String uri();
}
