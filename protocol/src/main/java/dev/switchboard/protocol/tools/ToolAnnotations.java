package dev.switchboard.protocol.tools;

/**
 * Hints about a tool's behaviour. They are hints from the server, not guarantees: clients must
 * not trust them from untrusted servers.
 *
 * @param title           display name, or null
 * @param readOnlyHint    the tool does not modify its environment, or null (default false)
 * @param destructiveHint updates may be destructive, or null (default true)
 * @param idempotentHint  repeating a call has no further effect, or null (default false)
 * @param openWorldHint   the tool reaches an open world such as the web, or null (default true)
 */
public record ToolAnnotations(String title, Boolean readOnlyHint, Boolean destructiveHint,
                              Boolean idempotentHint, Boolean openWorldHint) {
    /** Hints for a read-only tool. */
    public static ToolAnnotations readOnly() {
        return new ToolAnnotations(null, true, null, null, null);
    }
}
