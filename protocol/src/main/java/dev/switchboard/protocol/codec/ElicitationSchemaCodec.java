package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.elicitation.BooleanSchema;
import dev.switchboard.protocol.elicitation.EnumOption;
import dev.switchboard.protocol.elicitation.LegacyTitledEnumSchema;
import dev.switchboard.protocol.elicitation.NumberSchema;
import dev.switchboard.protocol.elicitation.PrimitiveSchemaDefinition;
import dev.switchboard.protocol.elicitation.StringSchema;
import dev.switchboard.protocol.elicitation.TitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.TitledSingleSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UnknownPrimitiveSchema;
import dev.switchboard.protocol.elicitation.UntitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UntitledSingleSelectEnumSchema;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

/**
 * The property schemas of a form-mode elicitation. The union has no discriminator member, so the
 * shape decides: {@code type}, then {@code oneOf}/{@code enum}/{@code enumNames} for strings and
 * {@code items.anyOf}/{@code items.enum} for arrays. Anything else is kept as
 * {@link UnknownPrimitiveSchema}.
 */
final class ElicitationSchemaCodec {
    private ElicitationSchemaCodec() {
    }

    static PrimitiveSchemaDefinition decode(Json json, String path) {
        Fields f = Fields.of(json, path);
        String title = f.optString("title");
        String description = f.optString("description");
        return switch (f.string("type")) {
            case "string" -> {
                if (f.raw("oneOf") != null) {
                    yield new TitledSingleSelectEnumSchema(title, description,
                            f.list("oneOf", ElicitationSchemaCodec::decodeOption), f.optString("default"));
                }
                if (f.raw("enum") != null && f.raw("enumNames") != null) {
                    yield new LegacyTitledEnumSchema(title, description, f.list("enum", Fields::asString),
                            f.optStrings("enumNames"), f.optString("default"));
                }
                if (f.raw("enum") != null) {
                    yield new UntitledSingleSelectEnumSchema(title, description, f.list("enum", Fields::asString),
                            f.optString("default"));
                }
                yield new StringSchema(title, description, Shared.optInt(f, "minLength"),
                        Shared.optInt(f, "maxLength"), f.optString("format"), f.optString("default"));
            }
            case "number", "integer" -> new NumberSchema("integer".equals(f.string("type")), title, description,
                    f.optDouble("minimum"), f.optDouble("maximum"), f.optDouble("default"));
            case "boolean" -> new BooleanSchema(title, description, f.optBoolean("default"));
            case "array" -> {
                Fields items = f.required("items", Fields::of);
                if (items.raw("anyOf") != null) {
                    yield new TitledMultiSelectEnumSchema(title, description, Shared.optInt(f, "minItems"),
                            Shared.optInt(f, "maxItems"), items.list("anyOf", ElicitationSchemaCodec::decodeOption),
                            f.optStrings("default"));
                }
                if (items.raw("enum") != null) {
                    yield new UntitledMultiSelectEnumSchema(title, description, Shared.optInt(f, "minItems"),
                            Shared.optInt(f, "maxItems"), items.list("enum", Fields::asString),
                            f.optStrings("default"));
                }
                yield new UnknownPrimitiveSchema(f.object());
            }
            default -> new UnknownPrimitiveSchema(f.object());
        };
    }

    static JsonObject encode(PrimitiveSchemaDefinition schema) {
        return switch (schema) {
            case StringSchema s -> head("string", s).put("minLength", s.minLength()).put("maxLength", s.maxLength())
                    .put("format", s.format()).put("default", s.defaultValue()).build();
            case NumberSchema n -> head(n.integer() ? "integer" : "number", n).put("minimum", n.minimum())
                    .put("maximum", n.maximum()).put("default", n.defaultValue()).build();
            case BooleanSchema b -> head("boolean", b).put("default", b.defaultValue()).build();
            case UntitledSingleSelectEnumSchema u -> head("string", u).put("enum", Shared.strings(u.values()))
                    .put("default", u.defaultValue()).build();
            case TitledSingleSelectEnumSchema t -> head("string", t)
                    .put("oneOf", Shared.array(t.options(), ElicitationSchemaCodec::encode))
                    .put("default", t.defaultValue()).build();
            case LegacyTitledEnumSchema l -> head("string", l).put("enum", Shared.strings(l.values()))
                    .put("enumNames", Shared.strings(l.names())).put("default", l.defaultValue()).build();
            case UntitledMultiSelectEnumSchema u -> head("array", u).put("minItems", u.minItems())
                    .put("maxItems", u.maxItems())
                    .put("items", JsonObject.of("type", Json.of("string"), "enum", Shared.strings(u.values())))
                    .put("default", Shared.strings(u.defaultValue())).build();
            case TitledMultiSelectEnumSchema t -> head("array", t).put("minItems", t.minItems())
                    .put("maxItems", t.maxItems())
                    .put("items", JsonObject.of("anyOf", Shared.array(t.options(), ElicitationSchemaCodec::encode)))
                    .put("default", Shared.strings(t.defaultValue())).build();
            case UnknownPrimitiveSchema u -> u.raw();
            default -> throw new IllegalArgumentException("no codec for schema " + schema.getClass().getName());
        };
    }

    private static JsonObject.Builder head(String type, PrimitiveSchemaDefinition s) {
        return JsonObject.builder().put("type", type).put("title", s.title()).put("description", s.description());
    }

    static EnumOption decodeOption(Json json, String path) {
        Fields f = Fields.of(json, path);
        return new EnumOption(f.string("const"), f.string("title"));
    }

    static JsonObject encode(EnumOption o) {
        return JsonObject.builder().put("const", o.value()).put("title", o.title()).build();
    }
}
