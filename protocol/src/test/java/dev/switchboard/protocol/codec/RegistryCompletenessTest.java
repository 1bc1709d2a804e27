package dev.switchboard.protocol.codec;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.switchboard.protocol.EmptyResult;
import dev.switchboard.protocol.PaginatedRequest;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The facade covers every wire type: each public record and union interface of the model packages. */
class RegistryCompletenessTest {
    private static final Set<String> MODEL_PACKAGES = Set.of("lifecycle", "content", "tools", "resources", "prompts",
            "completion", "logging", "notifications", "mrtr", "elicitation", "sampling", "roots", "subscriptions",
            "errors", "tasks", "cards");

    private static boolean inModel(JavaClass c) {
        String pkg = c.getPackageName();
        return pkg.startsWith("dev.switchboard.protocol.")
                && MODEL_PACKAGES.contains(pkg.substring("dev.switchboard.protocol.".length()));
    }

    @Test
    void supportsEveryPublicRecordAndInterfaceOfTheModel() {
        Set<String> unsupported = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.switchboard.protocol")
                .stream()
                .filter(RegistryCompletenessTest::inModel)
                .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(c -> c.isRecord() || c.isInterface())
                .filter(c -> !Codec.supports(c.reflect()))
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(unsupported).isEmpty();
    }

    @Test
    void supportsTheGenericShapesOutsideTheModelPackages() {
        assertThat(Codec.supports(EmptyResult.class)).isTrue();
        assertThat(Codec.supports(PaginatedRequest.class)).isTrue();
        assertThat(Codec.supports(JsonRpcError.class)).isTrue();
    }

    @Test
    void registersNoEnumsOrNonProtocolTypes() {
        assertThat(Codec.supportedTypes()).allSatisfy(t -> {
            assertThat(t.isEnum()).as(t.getName()).isFalse();
            assertThat(t.getPackageName()).as(t.getName()).startsWith("dev.switchboard.protocol");
        });
    }
}
