package dev.switchboard.gateway.pinning;

import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.protocol.tools.ToolAnnotations;
import dev.switchboard.state.audit.CanonicalJson;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The part of a tool that is pinned: what a model reads and what calls must look like. Title,
 * icons, {@code execution} and {@code _meta} are not pinned (they are display or transport hints,
 * and an upstream may legitimately vary them).
 *
 * @param name         the tool's name upstream
 * @param description  its description, or null
 * @param inputSchema  its input schema
 * @param outputSchema its output schema, or null
 * @param annotations  its annotations as JSON, or null
 */
public record ToolDefinition(String name, String description, JsonObject inputSchema, JsonObject outputSchema,
                             JsonObject annotations) {
    /** The fields in the order {@link #changedFrom} reports them. */
    public static final List<String> FIELDS = List.of("name", "description", "inputSchema", "outputSchema", "annotations");

    /** Requires the name and input schema. */
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputSchema, "inputSchema");
    }

    /** The pinned part of {@code tool}. */
    public static ToolDefinition of(Tool tool) {
        return new ToolDefinition(tool.name(), tool.description(), tool.inputSchema(), tool.outputSchema(),
                tool.annotations() == null ? null : Codec.encode(tool.annotations()));
    }

    /** As stored: the fields present, absent ones omitted. */
    public JsonObject toJson() {
        JsonObject.Builder b = JsonObject.builder().put("name", name);
        if (description != null) {
            b.put("description", description);
        }
        b.put("inputSchema", inputSchema);
        if (outputSchema != null) {
            b.put("outputSchema", outputSchema);
        }
        if (annotations != null) {
            b.put("annotations", annotations);
        }
        return b.build();
    }

    /** Reads what {@link #toJson} wrote. */
    public static ToolDefinition fromJson(JsonObject json) {
        return new ToolDefinition(json.getString("name"), json.getString("description"), json.getObject("inputSchema"),
                json.getObject("outputSchema"), json.getObject("annotations"));
    }

    /**
     * {@code sha256:} and the hex SHA-256 of the canonical JSON of {@link #toJson}: the same for
     * the same definition whatever its member order, whitespace or number spelling on the wire.
     */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(toJson()));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The {@link #FIELDS} whose canonical JSON differs from {@code before}'s, e.g. {@code [description]}. */
    public List<String> changedFrom(ToolDefinition before) {
        List<String> changed = new ArrayList<>();
        JsonObject now = toJson();
        JsonObject then = before.toJson();
        for (String field : FIELDS) {
            if (!canonical(now.get(field)).equals(canonical(then.get(field)))) {
                changed.add(field);
            }
        }
        return changed;
    }

    /**
     * {@code current} as served with this definition in place of its own (its title, icons,
     * {@code execution} and {@code _meta} are kept).
     */
    public Tool applyTo(Tool current) {
        ToolAnnotations a = annotations == null ? null : Codec.decode(annotations, ToolAnnotations.class);
        return new Tool(name, current.title(), description, inputSchema, outputSchema, a, current.icons(),
                current.execution(), current.meta());
    }

    private static String canonical(Json json) {
        return json == null ? "" : CanonicalJson.toText(json);
    }
}
