package dev.switchboard.registry.api;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Path;
import java.util.List;

/**
 * The official {@code openapi.yaml}, read with Jackson's YAML reader, whose component schemas
 * (JSON Schema 2020-12) check our responses with networknt.
 */
final class OpenApi {
    static final Path FILE = Path.of(System.getProperty("switchboard.spec.dir", "../spec"), "registry", "openapi.yaml");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaLoader(l -> l.fetchRemoteResources(false)));
    private final JsonNode document;
    private static final java.util.Map<String, Schema> compiled = new java.util.concurrent.ConcurrentHashMap<>();

    OpenApi() {
        this.document = YAMLMapper.builder().build().readTree(FILE.toFile());
    }

    /** The violations of {@code json} against {@code #/components/schemas/<component>}; empty when valid. */
    List<String> violations(String component, String json) {
        if (document.at("/components/schemas/" + component).isMissingNode()) {
            throw new IllegalArgumentException("openapi.yaml has no component " + component);
        }
        Schema schema = compiled.computeIfAbsent(component, c -> {
            // the whole document is the schema resource, so the components' own $refs resolve inside it
            ObjectNode root = (ObjectNode) document.deepCopy();
            root.put("$ref", "#/components/schemas/" + c);
            return SCHEMAS.getSchema(root);
        });
        List<Error> errors = schema.validate(JSON.readTree(json));
        return errors.stream().map(Error::toString).toList();
    }

    /** The operation's documented response schema component for {@code status}, e.g. ServerList. */
    String responseComponent(String path, String status) {
        JsonNode ref = document.at("/paths/" + path.replace("/", "~1") + "/get/responses/" + status
                + "/content/application~1json/schema/$ref");
        return ref.isMissingNode() ? null : ref.asString().substring("#/components/schemas/".length());
    }

    /** The schema of an error body for {@code status} (an inline object with an {@code error} string). */
    List<String> errorViolations(String path, String status, String json) {
        JsonNode schema = document.at("/paths/" + path.replace("/", "~1") + "/get/responses/" + status
                + "/content/application~1json/schema");
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("openapi.yaml documents no " + status + " for " + path);
        }
        ObjectNode strict = ((ObjectNode) schema.deepCopy()).put("additionalProperties", false);
        strict.putArray("required").add("error");
        return SCHEMAS.getSchema(strict).validate(JSON.readTree(json)).stream().map(Error::toString).toList();
    }
}
