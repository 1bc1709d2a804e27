package dev.switchboard.protocol.schema;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSchemaTest {
    private static final JsonObject WEATHER = (JsonObject) Wire.parse("{\"type\":\"object\",\"properties\":{"
            + "\"location\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\",\"minimum\":1}},"
            + "\"required\":[\"location\"],\"additionalProperties\":false}");

    @Test
    void acceptsAValidInstance() {
        JsonSchema s = JsonSchema.compile(WEATHER);
        assertThat(s.isValid(Wire.parse("{\"location\":\"NYC\",\"days\":3}"))).isTrue();
        assertThat(s.validate(Wire.parse("{\"location\":\"NYC\"}"))).isEmpty();
    }

    @Test
    void reportsWhereAnInstanceIsInvalid() {
        List<JsonSchema.Violation> v = JsonSchema.compile(WEATHER).validate(Wire.parse("{\"days\":0,\"x\":1}"));
        assertThat(v).isNotEmpty();
        assertThat(v).extracting(JsonSchema.Violation::toString).anyMatch(s -> s.contains("days"));
        assertThat(v).extracting(JsonSchema.Violation::message).anyMatch(m -> m.contains("location"));
    }

    @Test
    void comparesIntegersNumerically() {
        JsonSchema s = JsonSchema.compile(WEATHER);
        assertThat(s.isValid(Wire.parse("{\"location\":\"x\",\"days\":2.0}"))).isTrue();
        assertThat(s.isValid(Wire.parse("{\"location\":\"x\",\"days\":2.5}"))).isFalse();
    }

    @Test
    void keepsTheSourceSchema() {
        assertThat(JsonSchema.compile(WEATHER).source()).isSameAs(WEATHER);
    }

    @Test
    void usesDraft202012ByDefault() {
        JsonObject prefixItems = (JsonObject) Wire.parse("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}],"
                + "\"items\":false}");
        JsonSchema s = JsonSchema.compile(prefixItems);
        assertThat(s.isValid(Wire.parse("[\"a\"]"))).isTrue();
        assertThat(s.isValid(Wire.parse("[\"a\",1]"))).isFalse();
    }

    @Test
    void resolvesLocalReferences() {
        JsonSchema s = JsonSchema.compile((JsonObject) Wire.parse("{\"$defs\":{\"id\":{\"type\":\"string\","
                + "\"pattern\":\"^[a-z]+$\"}},\"$ref\":\"#/$defs/id\"}"));
        assertThat(s.isValid(Json.of("abc"))).isTrue();
        assertThat(s.isValid(Json.of("ABC"))).isFalse();
    }

    @Test
    void anEqualSchemaIsCompiledOnceAndAnInvalidOneEveryTime() {
        JsonSchema first = JsonSchema.compile((JsonObject) Wire.parse("{\"type\":\"object\",\"properties\":{\"cached\":{}}}"));
        JsonSchema again = JsonSchema.compile((JsonObject) Wire.parse("{\"properties\":{\"cached\":{}},\"type\":\"object\"}"));
        assertThat(again).isSameAs(first);
        JsonObject invalid = (JsonObject) Wire.parse("{\"$ref\":\"https://example.com/elsewhere.json\"}");
        assertThatThrownBy(() -> JsonSchema.compile(invalid)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonSchema.compile(invalid)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void referencesToResourcesEmbeddedByIdAndKnownDialectsAreLocal() {
        JsonSchema s = JsonSchema.compile((JsonObject) Wire.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                + "\"$id\":\"https://example.com/root.json\",\"$defs\":{\"name\":{\"$id\":\"name.json\",\"type\":\"string\"}},"
                + "\"properties\":{\"a\":{\"$ref\":\"https://example.com/name.json\"},\"b\":{\"$ref\":\"name.json\"}}}"));
        assertThat(s.isValid(Wire.parse("{\"a\":\"x\",\"b\":\"y\"}"))).isTrue();
        assertThat(s.isValid(Wire.parse("{\"a\":1}"))).isFalse();
        assertThat(JsonSchema.compile((JsonObject) Wire.parse("{\"enum\":[{\"$ref\":\"https://example.com/x\"}]}"))
                .isValid(Wire.parse("{\"$ref\":\"https://example.com/x\"}"))).as("values are not schemas").isTrue();
    }

    @Test
    void neverFetchesARemoteReference() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = "{\"type\":\"string\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";
            for (String schema : List.of("{\"$ref\":\"" + url + "\"}",
                    "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + url + "\"}}}",
                    "{\"$id\":\"" + url.replace("schema.json", "base.json") + "\",\"properties\":{\"a\":{\"$ref\":\"schema.json\"}}}",
                    "{\"$dynamicRef\":\"" + url + "#meta\"}",
                    "{\"$schema\":\"" + url + "\",\"type\":\"object\"}")) {
                assertThatThrownBy(() -> JsonSchema.compile((JsonObject) Wire.parse(schema)).validate(
                        Wire.parse("{\"a\":\"x\"}"))).as(schema).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("remote");
            }
            assertThat(hits).as("no schema is fetched").hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void printsAViolationAtTheRootAsRoot() {
        assertThat(new JsonSchema.Violation("", "bad")).hasToString("(root): bad");
        assertThat(new JsonSchema.Violation("/a/0", "bad")).hasToString("/a/0: bad");
    }
}
