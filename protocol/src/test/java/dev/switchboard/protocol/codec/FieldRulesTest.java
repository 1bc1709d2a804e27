package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.codec.FieldCases.Case;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * STYLE rule 9's three codec tests for every type, plus the required-member rule: an optional
 * member that is absent decodes to null; a Java null encodes as an omitted member; an unknown
 * member is tolerated; a missing required member is a {@link DecodeException} naming its path.
 * Reflection is used here, in tests only, to reach each record component generically.
 */
class FieldRulesTest {
    private static final String PATH = "params";

    static Stream<Case> cases() {
        return FieldCases.ALL.stream();
    }

    static Stream<Arguments> optionalMembers() {
        return FieldCases.ALL.stream().flatMap(c -> c.optional().stream().map(m -> Arguments.of(c, m)));
    }

    static Stream<Arguments> requiredMembers() {
        return FieldCases.ALL.stream().flatMap(c -> c.required().stream().map(m -> Arguments.of(c, m)));
    }

    /** Required members that must be of one JSON kind: all but a log message's "data" (any JSON). */
    static Stream<Arguments> requiredMembersOfOneKind() {
        return requiredMembers().filter(a -> !(((Case) a.get()[0]).type()
                == dev.switchboard.protocol.logging.LoggingMessageNotification.class && a.get()[1].equals("data")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesTheFullFormAndEncodesItBackUnchanged(Case c) {
        Object value = Codec.decode(c.full(), c.type(), PATH);
        assertThat(value).isInstanceOf(c.type());
        assertThat(Codec.encode(value)).isEqualTo(c.full());
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("optionalMembers")
    void decodesAnAbsentOptionalMemberAsNull(Case c, String spec) {
        JsonObject without = c.full().without(FieldCases.wireName(spec));
        Object value = Codec.decode(without, c.type(), PATH);
        assertThat(component(value, FieldCases.componentName(spec))).isNull();
        assertThat(Codec.encode(value)).isEqualTo(without);
    }

    @ParameterizedTest(name = "{0} with null {1}")
    @MethodSource("optionalMembers")
    void encodesAJavaNullAsAnOmittedMember(Case c, String spec) {
        Object full = Codec.decode(c.full(), c.type(), PATH);
        Object withNull = copyWith(full, FieldCases.componentName(spec), null);
        JsonObject encoded = Codec.encode(withNull);
        assertThat(encoded.has(FieldCases.wireName(spec))).isFalse();
        assertThat(encoded).isEqualTo(c.full().without(FieldCases.wireName(spec)));
    }

    @ParameterizedTest(name = "{0} with JSON null {1}")
    @MethodSource("optionalMembers")
    void readsAJsonNullOptionalMemberAsAbsent(Case c, String spec) {
        String wire = FieldCases.wireName(spec);
        JsonObject withJsonNull = c.full().with(wire, dev.switchboard.protocol.json.JsonNull.INSTANCE);
        Object value = Codec.decode(withJsonNull, c.type(), PATH);
        if (!c.type().equals(dev.switchboard.protocol.jsonrpc.JsonRpcError.class)) {
            // JSON-RPC's error "data" may legitimately be null and is kept; everything else reads as absent.
            assertThat(component(value, FieldCases.componentName(spec))).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void toleratesAnUnknownMember(Case c) {
        JsonObject extended = c.full().with("x-switchboard-unknown",
                JsonObject.of("nested", JsonArray.of(dev.switchboard.protocol.json.Json.of(1))));
        assertThat(Codec.decode(extended, c.type(), PATH)).isEqualTo(Codec.decode(c.full(), c.type(), PATH));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredMembers")
    void rejectsAMissingRequiredMemberNamingItsPath(Case c, String member) {
        JsonObject without = c.full().without(member);
        assertThatThrownBy(() -> Codec.decode(without, c.type(), PATH))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith(PATH + "." + member + ":")
                .satisfies(e -> assertThat(((DecodeException) e).code()).isEqualTo(-32602));
    }

    @ParameterizedTest(name = "{0} with a wrong-kind {1}")
    @MethodSource("requiredMembersOfOneKind")
    void rejectsARequiredMemberOfTheWrongKindNamingItsPath(Case c, String member) {
        // Every such member is a string, number, object or array; JSON true is none of them.
        JsonObject wrong = c.full().with(member, dev.switchboard.protocol.json.JsonBoolean.TRUE);
        assertThatThrownBy(() -> Codec.decode(wrong, c.type(), PATH))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith(PATH + "." + member);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsANonObjectNamingThePath(Case c) {
        assertThatThrownBy(() -> Codec.decode(JsonArray.EMPTY, c.type(), PATH))
                .isInstanceOf(DecodeException.class)
                .hasMessage(PATH + ": expected object, got array");
    }

    /** Required members that are a record component of a reference type (discriminators and nested members are not). */
    static Stream<Arguments> requiredComponents() {
        return requiredMembers().filter(a -> {
            Case c = (Case) a.get()[0];
            String member = (String) a.get()[1];
            if (Set.of("type", "resultType", "items").contains(member)) {
                return false;
            }
            if ((member.equals("data") || member.equals("code")) && c.type().getPackageName().endsWith(".errors")) {
                return false; // a typed error's code is a constant and its data is nested members
            }
            if (member.equals("method") && c.type() != dev.switchboard.protocol.mrtr.InputRequest.Unknown.class) {
                return false; // the method picks the InputRequest variant; it is no component of it
            }
            return !recordComponent(c.type(), requiredComponentName(member)).getType().isPrimitive();
        });
    }

    private static String requiredComponentName(String member) {
        return switch (member) {
            case "_meta" -> "meta";
            case "const" -> "value";
            case "params" -> "request";
            default -> member;
        };
    }

    @ParameterizedTest(name = "{0} with null {1}")
    @MethodSource("requiredComponents")
    void rejectsAJavaNullRequiredComponentNamingTheWireMember(Case c, String member) {
        Object full = Codec.decode(c.full(), c.type());
        assertThatThrownBy(() -> copyWith(full, requiredComponentName(member), null))
                .isInstanceOf(AssertionError.class)
                .cause()
                .isInstanceOf(NullPointerException.class)
                .hasMessage(member);
    }

    @Test
    void coversEveryConcreteProtocolRecord() {
        Set<Class<?>> covered = FieldCases.ALL.stream().map(Case::type).collect(Collectors.toSet());
        Set<String> missing = Codec.supportedTypes().stream()
                .filter(Class::isRecord)
                .filter(t -> !covered.contains(t))
                // Unknown* variants hold only the raw object; UnknownKindsTest covers them.
                .filter(t -> !t.getSimpleName().startsWith("Unknown"))
                .map(Class::getName)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(missing).isEmpty();
    }

    @Test
    void listsEveryOptionalMemberOfEachCaseInItsFullForm() {
        FieldCases.ALL.forEach(c -> {
            c.optional().forEach(spec -> assertThat(c.full().has(FieldCases.wireName(spec)))
                    .as("%s full form has %s", c, spec).isTrue());
            c.required().forEach(m -> assertThat(c.full().has(m)).as("%s full form has %s", c, m).isTrue());
        });
    }

    static RecordComponent recordComponent(Class<?> type, String name) {
        return Arrays.stream(type.getRecordComponents())
                .filter(r -> r.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " has no component " + name));
    }

    static Object component(Object record, String name) {
        RecordComponent rc = recordComponent(record.getClass(), name);
        try {
            return rc.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(e);
        }
    }

    static Object copyWith(Object record, String name, Object newValue) {
        RecordComponent[] rcs = record.getClass().getRecordComponents();
        Object[] args = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        boolean found = false;
        for (int i = 0; i < rcs.length; i++) {
            types[i] = rcs[i].getType();
            if (rcs[i].getName().equals(name)) {
                args[i] = newValue;
                found = true;
            } else {
                args[i] = component(record, rcs[i].getName());
            }
        }
        assertThat(found).as("%s has component %s", record.getClass().getSimpleName(), name).isTrue();
        try {
            Constructor<?> ctor = record.getClass().getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
