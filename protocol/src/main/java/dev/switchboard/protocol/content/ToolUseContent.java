package dev.switchboard.protocol.content;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * A model's request to call a tool, in sampling ({@code "type":"tool_use"}).
 *
 * @param id    the call's id, echoed by the matching {@link ToolResultContent}; required
 * @param name  the tool's name; required
 * @param input the arguments; required
 * @param meta  {@code _meta}, or null
 */
public record ToolUseContent(String id, String name, JsonObject input, JsonObject meta) implements Content {
    /** Validates the required members. */
    public ToolUseContent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
    }

    /** A tool use without {@code _meta}. */
    public static ToolUseContent of(String id, String name, JsonObject input) {
        return new ToolUseContent(id, name, input, null);
    }
}
