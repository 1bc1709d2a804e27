package dev.switchboard.protocol.cards;

import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.DecodeException;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The card's wire mapping: the three codec rules (absent, null, unknown) and every member. */
class CardCodecTest {
    private static final String MINIMAL = """
            {"$schema":"https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json",
             "name":"com.example/a","version":"1.0.0","description":"A"}""";

    @Test
    void encodesEveryMemberAndDecodesItBack() {
        Input token = new Input("API token", true, true, "string", null, "tok_...", null, null);
        ServerCard card = ServerCard.builder("com.example/a", "1.0.0", "A").title("Title")
                .websiteUrl("https://example.com").repository(new Repository("https://git.example.com/a", "github", "srv", "42"))
                .remote(new Remote(Remote.STREAMABLE_HTTP, "https://{region}.example.com/mcp",
                        List.of(new KeyValueInput("Authorization", new Input(null, true, true, null, null, null,
                                "Bearer {token}", null), Map.of("token", token))),
                        Map.of("region", new Input("Region", true, null, null, "eu", null, null, List.of("eu", "us"))),
                        List.of("2026-07-28")))
                .meta(JsonObject.of("com.example/x", Json.of(1))).build();
        JsonObject json = Codec.encode(card);
        assertThat(json.members().keySet()).first().isEqualTo("$schema");
        JsonObject header = (JsonObject) ((dev.switchboard.protocol.json.JsonArray) ((JsonObject)
                ((dev.switchboard.protocol.json.JsonArray) json.get("remotes")).get(0)).get("headers")).get(0);
        assertThat(header.getString("name")).isEqualTo("Authorization");
        assertThat(header.getString("value")).isEqualTo("Bearer {token}");
        assertThat(Codec.decode(json, ServerCard.class)).isEqualTo(card);
    }

    @Test
    void absentAndNullOptionalsReadAsNullAndAreOmitted() {
        ServerCard card = Codec.decode(Wire.parse(MINIMAL), ServerCard.class);
        assertThat(card.title()).isNull();
        assertThat(card.remotes()).isNull();
        JsonObject withNulls = ((JsonObject) Wire.parse(MINIMAL)).with("title", JsonNull.INSTANCE).with("remotes", JsonNull.INSTANCE);
        assertThat(Codec.decode(withNulls, ServerCard.class)).isEqualTo(card);
        assertThat(Codec.encode(card)).isEqualTo(Wire.parse(MINIMAL));
    }

    @Test
    void toleratesUnknownMembers() {
        JsonObject json = ((JsonObject) Wire.parse(MINIMAL)).with("packages", Json.of("later"));
        assertThat(Codec.decode(json, ServerCard.class).name()).isEqualTo("com.example/a");
    }

    @Test
    void requiresTheCurrentSchemaUri() {
        JsonObject other = ((JsonObject) Wire.parse(MINIMAL)).with("$schema", Json.of("https://example.com/v2"));
        assertThatThrownBy(() -> Codec.decode(other, ServerCard.class))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("$schema: expected");
        assertThatThrownBy(() -> Codec.decode(((JsonObject) Wire.parse(MINIMAL)).without("version"), ServerCard.class))
                .hasMessageStartingWith("version: required");
    }
}
