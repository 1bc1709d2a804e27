package dev.switchboard.protocol.lifecycle;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientCapabilitiesTest {
    private static final JsonObject EMPTY = JsonObject.EMPTY;

    private static ClientCapabilities elicitation(JsonObject e) {
        return new ClientCapabilities(null, null, e, null, null);
    }

    private static ClientCapabilities sampling(JsonObject s) {
        return new ClientCapabilities(null, s, null, null, null);
    }

    @Test
    void declaresNothingWhenEmpty() {
        ClientCapabilities c = ClientCapabilities.EMPTY;
        assertThat(c.hasRoots()).isFalse();
        assertThat(c.hasSampling()).isFalse();
        assertThat(c.hasSamplingTools()).isFalse();
        assertThat(c.hasElicitationForm()).isFalse();
        assertThat(c.hasElicitationUrl()).isFalse();
        assertThat(c.hasExtension("io.modelcontextprotocol/tasks")).isFalse();
    }

    @Test
    void treatsAnEmptyElicitationObjectAsFormOnly() {
        ClientCapabilities c = elicitation(EMPTY);
        assertThat(c.hasElicitationForm()).isTrue();
        assertThat(c.hasElicitationUrl()).isFalse();
    }

    @Test
    void readsExplicitElicitationModes() {
        ClientCapabilities both = elicitation(JsonObject.of("form", EMPTY, "url", EMPTY));
        assertThat(both.hasElicitationForm()).isTrue();
        assertThat(both.hasElicitationUrl()).isTrue();
        ClientCapabilities urlOnly = elicitation(JsonObject.of("url", EMPTY));
        assertThat(urlOnly.hasElicitationForm()).isFalse();
        assertThat(urlOnly.hasElicitationUrl()).isTrue();
        ClientCapabilities formOnly = elicitation(JsonObject.of("form", EMPTY));
        assertThat(formOnly.hasElicitationForm()).isTrue();
        assertThat(formOnly.hasElicitationUrl()).isFalse();
    }

    @Test
    void treatsElicitationWithOnlyUnknownModesAsNoForm() {
        ClientCapabilities c = elicitation(JsonObject.of("voice", EMPTY));
        assertThat(c.hasElicitationForm()).isFalse();
        assertThat(c.hasElicitationUrl()).isFalse();
    }

    @Test
    void tellsSamplingFromSamplingWithTools() {
        assertThat(sampling(EMPTY).hasSampling()).isTrue();
        assertThat(sampling(EMPTY).hasSamplingTools()).isFalse();
        assertThat(sampling(JsonObject.of("context", EMPTY)).hasSamplingTools()).isFalse();
        assertThat(sampling(JsonObject.of("tools", EMPTY)).hasSamplingTools()).isTrue();
    }

    @Test
    void readsRoots() {
        assertThat(new ClientCapabilities(EMPTY, null, null, null, null).hasRoots()).isTrue();
        assertThat(new ClientCapabilities(JsonObject.of("listChanged", Json.of(true)), null, null, null, null)
                .hasRoots()).isTrue();
    }

    @Test
    void looksUpExtensionsById() {
        ClientCapabilities c = new ClientCapabilities(null, null, null,
                JsonObject.of("io.modelcontextprotocol/tasks", EMPTY, "io.modelcontextprotocol/ui",
                        JsonObject.of("mimeTypes", Json.of("x"))), null);
        assertThat(c.hasExtension("io.modelcontextprotocol/tasks")).isTrue();
        assertThat(c.hasExtension("io.modelcontextprotocol/ui")).isTrue();
        assertThat(c.hasExtension("io.modelcontextprotocol/auth")).isFalse();
    }

    @Test
    void comparesByValue() {
        assertThat(elicitation(JsonObject.of("form", EMPTY))).isEqualTo(elicitation(JsonObject.of("form", EMPTY)));
        assertThat(elicitation(EMPTY)).isNotEqualTo(ClientCapabilities.EMPTY);
    }
}
