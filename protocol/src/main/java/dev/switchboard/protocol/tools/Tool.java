package dev.switchboard.protocol.tools;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Icon;

import java.util.List;
import java.util.Objects;

/**
 * A tool the client can call, as listed by {@code tools/list}. Build one with
 * {@link #of(String, String, JsonObject)} or {@link #builder(String, JsonObject)}; the canonical
 * constructor grows when the spec adds members and is not a stable API.
 *
 * @param name         programmatic name, unique within the server; required
 * @param title        display name, or null
 * @param description  what the tool does, for the model, or null
 * @param inputSchema  JSON Schema (2020-12 unless {@code $schema} says otherwise) of the arguments; required
 * @param outputSchema JSON Schema of {@code structuredContent}, or null
 * @param annotations  behaviour hints, or null
 * @param icons        icons, or null
 * @param execution    session-era execution settings (e.g. {@code taskSupport}), or null
 * @param meta         {@code _meta}, or null
 */
public record Tool(String name, String title, String description, JsonObject inputSchema,
                   JsonObject outputSchema, ToolAnnotations annotations, List<Icon> icons,
                   JsonObject execution, JsonObject meta) {
    /** Validates the required members. */
    public Tool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputSchema, "inputSchema");
        icons = Copies.list(icons, "icons");
    }

    /** A tool with a description and an input schema. */
    public static Tool of(String name, String description, JsonObject inputSchema) {
        return new Tool(name, null, description, inputSchema, null, null, null, null, null);
    }

    /** A builder for a tool with more settings. */
    public static Builder builder(String name, JsonObject inputSchema) {
        return new Builder(name, inputSchema);
    }

    /** Builds a {@link Tool}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final JsonObject inputSchema;
        private String title;
        private String description;
        private JsonObject outputSchema;
        private ToolAnnotations annotations;
        private List<Icon> icons;
        private JsonObject execution;
        private JsonObject meta;

        private Builder(String name, JsonObject inputSchema) {
            this.name = name;
            this.inputSchema = inputSchema;
        }

        /** Sets the display name. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** Sets the description. */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Sets the schema of {@code structuredContent}. */
        public Builder outputSchema(JsonObject outputSchema) {
            this.outputSchema = outputSchema;
            return this;
        }

        /** Sets the behaviour hints. */
        public Builder annotations(ToolAnnotations annotations) {
            this.annotations = annotations;
            return this;
        }

        /** Sets the icons. */
        public Builder icons(List<Icon> icons) {
            this.icons = icons;
            return this;
        }

        /** Sets the session-era execution settings. */
        public Builder execution(JsonObject execution) {
            this.execution = execution;
            return this;
        }

        /** Sets {@code _meta}. */
        public Builder meta(JsonObject meta) {
            this.meta = meta;
            return this;
        }

        /** The tool. */
        public Tool build() {
            return new Tool(name, title, description, inputSchema, outputSchema, annotations, icons, execution, meta);
        }
    }
}
