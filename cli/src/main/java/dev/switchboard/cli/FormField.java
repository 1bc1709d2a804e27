package dev.switchboard.cli;

import dev.switchboard.protocol.elicitation.BooleanSchema;
import dev.switchboard.protocol.elicitation.EnumOption;
import dev.switchboard.protocol.elicitation.LegacyTitledEnumSchema;
import dev.switchboard.protocol.elicitation.NumberSchema;
import dev.switchboard.protocol.elicitation.PrimitiveSchemaDefinition;
import dev.switchboard.protocol.elicitation.StringSchema;
import dev.switchboard.protocol.elicitation.TitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.TitledSingleSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UntitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UntitledSingleSelectEnumSchema;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * One field of a form-mode elicitation as a terminal asks it: its label, the choices to number,
 * a hint of what to type, its default, and how a typed line becomes the field's JSON value.
 * Parsing is pure, so {@link TerminalElicitation} only loops and prints.
 *
 * @param name     the property name in {@code requestedSchema}
 * @param schema   its typed schema; shapes this build does not know are read as JSON-or-text
 * @param required listed in {@code requestedSchema.required}
 */
record FormField(String name, PrimitiveSchemaDefinition schema, boolean required) {

    /** What a typed line became: the value to send, or why it is not acceptable. */
    sealed interface Parsed {
        /** The line is the field's value. */
        record Value(Json value) implements Parsed {
        }

        /** The line is not acceptable; {@code why} says what is expected. */
        record Invalid(String why) implements Parsed {
        }
    }

    /** The title, or the property name when there is none. */
    String label() {
        return schema.title() == null || schema.title().isBlank() ? name : schema.title();
    }

    /** The choices of an enum field, as shown (numbered from 1); empty for other fields. */
    List<String> choices() {
        return switch (schema) {
            case UntitledSingleSelectEnumSchema u -> u.values();
            case TitledSingleSelectEnumSchema t -> t.options().stream().map(EnumOption::title).toList();
            case LegacyTitledEnumSchema l -> IntStream.range(0, l.values().size())
                    .mapToObj(i -> l.names() != null && i < l.names().size() ? l.names().get(i) : l.values().get(i))
                    .toList();
            case UntitledMultiSelectEnumSchema u -> u.values();
            case TitledMultiSelectEnumSchema t -> t.options().stream().map(EnumOption::title).toList();
            default -> List.of();
        };
    }

    /** What to type, e.g. {@code y/n}, {@code integer, 1 to 12}, {@code 1-3}; null for free text. */
    String hint() {
        return switch (schema) {
            case BooleanSchema b -> "y/n";
            case NumberSchema n -> (n.integer() ? "integer" : "number") + range(n);
            case StringSchema s -> s.format();
            case UntitledMultiSelectEnumSchema u -> "numbers separated by commas";
            case TitledMultiSelectEnumSchema t -> "numbers separated by commas";
            default -> choices().isEmpty() ? null : "1-" + choices().size();
        };
    }

    /** The default to use on an empty line, or null when the schema gives none. */
    Json defaultValue() {
        return switch (schema) {
            case StringSchema s -> s.defaultValue() == null ? null : Json.of(s.defaultValue());
            case NumberSchema n -> n.defaultValue() == null ? null : number(BigDecimal.valueOf(n.defaultValue()), n);
            case BooleanSchema b -> b.defaultValue() == null ? null : Json.of(b.defaultValue());
            case UntitledSingleSelectEnumSchema u -> u.defaultValue() == null ? null : Json.of(u.defaultValue());
            case TitledSingleSelectEnumSchema t -> t.defaultValue() == null ? null : Json.of(t.defaultValue());
            case LegacyTitledEnumSchema l -> l.defaultValue() == null ? null : Json.of(l.defaultValue());
            case UntitledMultiSelectEnumSchema u -> u.defaultValue() == null ? null : JsonArray.ofStrings(u.defaultValue());
            case TitledMultiSelectEnumSchema t -> t.defaultValue() == null ? null : JsonArray.ofStrings(t.defaultValue());
            default -> null;
        };
    }

    /** How the default is shown: {@code y}/{@code n} for booleans, the choice's label for enums. */
    String defaultText() {
        Json d = defaultValue();
        if (d == null) {
            return null;
        }
        if (schema instanceof BooleanSchema b) {
            return b.defaultValue() ? "y" : "n";
        }
        List<String> values = values();
        if (!values.isEmpty() && d instanceof JsonArray a) {
            return String.join(", ", a.values().stream().map(v -> labelOf(values, v.asString())).toList());
        }
        return values.isEmpty() ? (d.kind().equals("string") ? d.asString() : d.toString()) : labelOf(values, d.asString());
    }

    /** The value of a non-empty, stripped line. */
    Parsed parse(String line) {
        return switch (schema) {
            case StringSchema s -> string(s, line);
            case NumberSchema n -> number(n, line);
            case BooleanSchema b -> switch (line.toLowerCase(java.util.Locale.ROOT)) {
                case "y", "yes", "true" -> new Parsed.Value(Json.of(true));
                case "n", "no", "false" -> new Parsed.Value(Json.of(false));
                default -> new Parsed.Invalid("answer y or n");
            };
            case UntitledMultiSelectEnumSchema u -> several(line, u.minItems(), u.maxItems());
            case TitledMultiSelectEnumSchema t -> several(line, t.minItems(), t.maxItems());
            default -> values().isEmpty() ? new Parsed.Value(CallCommand.value(line)) : one(line);
        };
    }

    /** The values submitted for the choices, in the order shown. */
    private List<String> values() {
        return switch (schema) {
            case UntitledSingleSelectEnumSchema u -> u.values();
            case TitledSingleSelectEnumSchema t -> t.options().stream().map(EnumOption::value).toList();
            case LegacyTitledEnumSchema l -> l.values();
            case UntitledMultiSelectEnumSchema u -> u.values();
            case TitledMultiSelectEnumSchema t -> t.options().stream().map(EnumOption::value).toList();
            default -> List.of();
        };
    }

    private String labelOf(List<String> values, String value) {
        int i = values.indexOf(value);
        return i < 0 ? value : choices().get(i);
    }

    /** A choice by its number, or by its value or label as typed. */
    private Parsed one(String token) {
        List<String> values = values();
        List<String> labels = choices();
        try {
            int n = Integer.parseInt(token);
            if (n >= 1 && n <= values.size()) {
                return new Parsed.Value(Json.of(values.get(n - 1)));
            }
        } catch (NumberFormatException e) {
            int i = values.contains(token) ? values.indexOf(token) : labels.indexOf(token);
            if (i >= 0) {
                return new Parsed.Value(Json.of(values.get(i)));
            }
        }
        return new Parsed.Invalid("choose a number from 1 to " + values.size());
    }

    private Parsed several(String line, Integer min, Integer max) {
        Set<String> picked = new LinkedHashSet<>();
        for (String token : line.split(",")) {
            if (token.isBlank()) {
                continue;
            }
            if (!(one(token.strip()) instanceof Parsed.Value(Json v))) {
                return new Parsed.Invalid("\"" + token.strip() + "\" is not one of the choices: type numbers from 1 to "
                        + values().size() + " separated by commas");
            }
            picked.add(v.asString());
        }
        if (min != null && picked.size() < min || max != null && picked.size() > max) {
            return new Parsed.Invalid("choose " + (max == null ? "at least " + min : min == null ? "at most " + max
                    : min.equals(max) ? "exactly " + min : min + " to " + max));
        }
        return new Parsed.Value(JsonArray.ofStrings(new ArrayList<>(picked)));
    }

    private static Parsed string(StringSchema s, String line) {
        int length = line.codePointCount(0, line.length());
        if (s.minLength() != null && length < s.minLength()) {
            return new Parsed.Invalid("type at least " + s.minLength() + " characters");
        }
        if (s.maxLength() != null && length > s.maxLength()) {
            return new Parsed.Invalid("type at most " + s.maxLength() + " characters");
        }
        String why = s.format() == null ? null : switch (s.format()) {
            case "email" -> line.matches("[^@\\s]+@[^@\\s]+") ? null : "expected an email address like ada@example.com";
            case "uri" -> absoluteUri(line) ? null : "expected an absolute URI like https://example.com/";
            case "date" -> parses(() -> LocalDate.parse(line)) ? null : "expected a date like 2026-07-28";
            case "date-time" -> parses(() -> OffsetDateTime.parse(line)) ? null
                    : "expected a date and time like 2026-07-28T09:30:00Z";
            default -> null; // a format the spec does not list: the server validates it
        };
        return why == null ? new Parsed.Value(Json.of(line)) : new Parsed.Invalid(why);
    }

    private static Parsed number(NumberSchema n, String line) {
        BigDecimal d;
        try {
            d = new BigDecimal(line);
        } catch (NumberFormatException e) {
            return new Parsed.Invalid("expected " + (n.integer() ? "a whole number" : "a number") + range(n));
        }
        if (n.integer() && d.stripTrailingZeros().scale() > 0) {
            return new Parsed.Invalid("expected a whole number" + range(n));
        }
        if (n.minimum() != null && d.compareTo(BigDecimal.valueOf(n.minimum())) < 0
                || n.maximum() != null && d.compareTo(BigDecimal.valueOf(n.maximum())) > 0) {
            return new Parsed.Invalid("expected a number" + range(n));
        }
        return new Parsed.Value(number(d, n));
    }

    private static Json number(BigDecimal d, NumberSchema n) {
        return n.integer() ? JsonNumber.of(d.toBigInteger()) : JsonNumber.of(d);
    }

    /** {@code ", 1 to 12"}, {@code ", at least 0"}, or empty. */
    private static String range(NumberSchema n) {
        if (n.minimum() == null && n.maximum() == null) {
            return "";
        }
        if (n.maximum() == null) {
            return ", at least " + plain(n.minimum());
        }
        return n.minimum() == null ? ", at most " + plain(n.maximum()) : ", " + plain(n.minimum()) + " to " + plain(n.maximum());
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static boolean absoluteUri(String s) {
        try {
            return URI.create(s).isAbsolute();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
