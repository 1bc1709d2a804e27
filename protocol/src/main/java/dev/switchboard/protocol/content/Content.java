package dev.switchboard.protocol.content;

/**
 * One block of content in a tool result, prompt message or sampling message. The spec keeps
 * adding kinds, so this interface is deliberately not sealed: code that switches over it needs a
 * default branch, and kinds this build does not know arrive as {@link UnknownContent}, which
 * re-encodes verbatim.
 *
 * <p>Kinds: {@link TextContent}, {@link ImageContent}, {@link AudioContent},
 * {@link ResourceLink}, {@link EmbeddedResource}, and in sampling {@link ToolUseContent} and
 * {@link ToolResultContent}.
 */
public interface Content {
}
