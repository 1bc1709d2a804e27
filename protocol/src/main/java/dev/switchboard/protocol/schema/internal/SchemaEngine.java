package dev.switchboard.protocol.schema.internal;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.schema.JsonSchema.Violation;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** networknt json-schema-validator behind {@link dev.switchboard.protocol.schema.JsonSchema}. */
public final class SchemaEngine {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaLoader(l -> l.fetchRemoteResources(false)));

    private SchemaEngine() {
    }

    /** A compiled schema. */
    public interface Compiled {
        /** Validates an instance. */
        List<Violation> validate(Json instance);
    }

    /** Compiles a schema, turning library failures into {@link IllegalArgumentException}. */
    public static Compiled compile(JsonObject schema) {
        String remote = RemoteReferences.find(schema);
        if (remote != null) {
            throw new IllegalArgumentException("invalid JSON Schema: " + remote + " refers to a remote document, and remote "
                    + "references are never fetched; inline the definition under $defs and refer to it as #/$defs/NAME");
        }
        Schema compiled;
        try {
            compiled = REGISTRY.getSchema(JacksonTrees.toNode(schema));
            compiled.initializeValidators();
        } catch (SchemaException | IllegalStateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid JSON Schema: " + e.getMessage(), e);
        }
        return instance -> {
            JsonNode node = JacksonTrees.toNode(instance);
            List<Error> errors = compiled.validate(node);
            if (errors.isEmpty()) {
                return List.of();
            }
            List<Violation> out = new ArrayList<>(errors.size());
            for (Error e : errors) {
                out.add(new Violation(e.getInstanceLocation().toString().replaceFirst("^\\$", ""), e.getMessage()));
            }
            return out;
        };
    }
}
