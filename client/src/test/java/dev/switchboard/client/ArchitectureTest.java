package dev.switchboard.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The client's own layering rules (ARCHITECTURE §2, STYLE rules 2 and 15): it depends on
 * {@code protocol} only, Jetty stays in the internals, and no Jetty or reactive type is in the API.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.switchboard.client");
    }

    @Test
    void dependsOnTheProtocolModuleOnly() {
        noClasses().that().resideInAPackage("dev.switchboard.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.server..", "dev.switchboard.http..",
                        "dev.switchboard.state..", "dev.switchboard.examples..", "dev.switchboard.testkit..",
                        "dev.switchboard.cli..")
                .check(classes);
    }

    @Test
    void onlyTheInternalsUseJetty() {
        noClasses().that().resideOutsideOfPackage("dev.switchboard.client.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void jettyStaysInsideTheTransport() {
        noClasses().that().resideInAPackage("dev.switchboard.client.internal..")
                .and().doNotHaveSimpleName("HttpTransport")
                .and().haveNameNotMatching("dev\\.switchboard\\.client\\.internal\\.HttpTransport\\$.*") // its nested types
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void noJacksonNoReactiveTypes() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("tools.jackson..", "com.fasterxml..",
                "reactor..", "org.reactivestreams..", "java.util.concurrent.Flow")
                .check(classes);
    }

    @Test
    void publicApiMethodsReturnNoFutures() {
        methods().that().areDeclaredInClassesThat().resideInAPackage("dev.switchboard.client")
                .and().haveModifier(JavaModifier.PUBLIC)
                .should().notHaveRawReturnType(java.util.concurrent.CompletableFuture.class)
                .andShould().notHaveRawReturnType(java.util.concurrent.Future.class)
                .check(classes);
    }
}
