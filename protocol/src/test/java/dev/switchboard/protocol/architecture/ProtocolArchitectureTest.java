package dev.switchboard.protocol.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * STYLE rules 5, 7 and 8 for the protocol module: no package cycles, plain records with no JSON
 * library on them, Jackson confined to the two internal packages.
 */
class ProtocolArchitectureTest {
    /** The packages of wire types: records, enums and interfaces only, no JSON code. */
    private static final String[] MODEL = {
            "dev.switchboard.protocol.lifecycle..", "dev.switchboard.protocol.content..",
            "dev.switchboard.protocol.tools..", "dev.switchboard.protocol.resources..",
            "dev.switchboard.protocol.prompts..", "dev.switchboard.protocol.completion..",
            "dev.switchboard.protocol.logging..", "dev.switchboard.protocol.notifications..",
            "dev.switchboard.protocol.mrtr..", "dev.switchboard.protocol.elicitation..",
            "dev.switchboard.protocol.sampling..", "dev.switchboard.protocol.roots..",
            "dev.switchboard.protocol.subscriptions..", "dev.switchboard.protocol.errors..",
            "dev.switchboard.protocol.cards.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.switchboard.protocol");
    }

    @Test
    void hasNoPackageCycles() {
        ArchRule rule = slices().matching("dev.switchboard.protocol.(*)..").should().beFreeOfCycles();
        rule.check(classes);
    }

    @Test
    void keepsWireTypesFreeOfCodecAndJsonLibraries() {
        ArchRule rule = noClasses().that().resideInAnyPackage(MODEL)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.switchboard.protocol.codec..", "dev.switchboard.protocol.schema..",
                        "tools.jackson..", "com.fasterxml..", "com.networknt..");
        rule.check(classes);
    }

    @Test
    void confinesJacksonToTheInternalPackages() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages(
                        "dev.switchboard.protocol.codec.internal..", "dev.switchboard.protocol.schema.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("tools.jackson..", "com.fasterxml..");
        rule.check(classes);
    }

    @Test
    void modelsWireTypesAsRecordsEnumsOrInterfaces() {
        ArchRule rule = classes().that().resideInAnyPackage(MODEL).and().arePublic()
                .should().beRecords().orShould().beEnums().orShould().beInterfaces()
                .orShould().haveSimpleName("Builder");
        rule.check(classes);
    }

    @Test
    void putsNoAnnotationsOnWireTypes() {
        var annotated = classes.stream()
                .filter(c -> java.util.Arrays.stream(MODEL).anyMatch(p -> c.getPackageName()
                        .startsWith(p.substring(0, p.length() - 2))))
                .filter(c -> !c.getAnnotations().isEmpty()
                        || c.getMembers().stream().anyMatch(m -> !m.getAnnotations().isEmpty()))
                .map(c -> c.getName())
                .toList();
        org.assertj.core.api.Assertions.assertThat(annotated).isEmpty();
    }

    @Test
    void usesNoReflectionInTheCodec() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.switchboard.protocol.codec")
                .should().dependOnClassesThat().resideInAPackage("java.lang.reflect..");
        rule.check(classes);
    }

    @Test
    void keepsInternalPackagesOutOfTheWireTypesApi() {
        ArchRule rule = noClasses().that().resideInAnyPackage(MODEL)
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.protocol.codec.internal..");
        rule.check(classes);
    }
}
