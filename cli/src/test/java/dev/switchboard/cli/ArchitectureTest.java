package dev.switchboard.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering rules of STYLE.md §3, checked on the compiled classes of every module (this module
 * sees them all). A failure names the offending class and dependency.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.switchboard");
        // the rules below are only meaningful if every module's classes were found
        for (String c : new String[] {"dev.switchboard.protocol.codec.internal.JsonIo", "dev.switchboard.state.seal.Sealer",
                "dev.switchboard.server.McpServer", "dev.switchboard.http.McpHttpServer",
                "dev.switchboard.examples.FixtureServer", "dev.switchboard.cli.ServeCommand",
                "dev.switchboard.client.McpClient", "dev.switchboard.gateway.Gateway",
                "dev.switchboard.auth.OAuthResourceServer", "dev.switchboard.outbound.SafeHttpClient",
                "dev.switchboard.policy.PolicyEngine", "dev.switchboard.registry.Registry"}) {
            if (!classes.contain(c)) {
                throw new AssertionError("class not imported: " + c);
            }
        }
    }

    @Test
    void onlyProtocolInternalsUseJackson() {
        noClasses().that().resideOutsideOfPackages("dev.switchboard.protocol..internal..", "dev.switchboard.config.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("tools.jackson..", "com.fasterxml.jackson..", "com.networknt..")
                .because("Jackson and the schema validator are confined to the codec's internals (and the YAML reader's)")
                .check(classes);
    }

    @Test
    void onlyTheHttpTransportsUseJetty() {
        noClasses().that().resideOutsideOfPackages("dev.switchboard.http..", "dev.switchboard.client.internal..",
                        "dev.switchboard.outbound..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..")
                .because("Jetty serves (server-http) and calls (the client's HTTP transport, the safe outbound client) but is in no public API")
                .check(classes);
    }

    @Test
    void clientAndServerDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("dev.switchboard.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.server..", "dev.switchboard.http..",
                        "dev.switchboard.state..")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.switchboard.server..", "dev.switchboard.http..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.client..")
                .check(classes);
    }

    @Test
    void noModuleReachesIntoAnotherModulesInternals() {
        for (String module : new String[] {"protocol", "config", "state", "server", "http", "client", "outbound", "auth",
                "policy", "gateway", "registry", "examples", "cli"}) {
            noClasses().that().resideOutsideOfPackage("dev.switchboard." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.switchboard." + module + "..internal..")
                    .check(classes);
        }
    }

    @Test
    void protocolDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("dev.switchboard.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.state..", "dev.switchboard.server..",
                        "dev.switchboard.http..", "dev.switchboard.gateway..", "dev.switchboard.examples..", "dev.switchboard.cli..")
                .check(classes);
    }

    @Test
    void onlyTheCliAndExamplesUseTheGateway() {
        noClasses().that().resideOutsideOfPackages("dev.switchboard.gateway..", "dev.switchboard.cli..", "dev.switchboard.examples..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.gateway..")
                .because("the gateway sits above server, server-http and client (ARCHITECTURE §2)")
                .check(classes);
    }

    @Test
    void serverKnowsNothingOfHttp() {
        noClasses().that().resideInAnyPackage("dev.switchboard.server..", "dev.switchboard.state..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.http..", "dev.switchboard.cli..",
                        "dev.switchboard.examples..")
                .check(classes);
    }

    @Test
    void onlyTheAuthModuleDoesJose() {
        noClasses().that().resideOutsideOfPackages("dev.switchboard.auth..", "dev.switchboard.agents..",
                        "dev.switchboard.client.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("com.nimbusds..")
                .because("token validation lives in auth (the agents' delegation tokens in agents, the client's "
                        + "signed assertions in client.auth)")
                .check(classes);
    }

    @Test
    void serverHttpKnowsNothingOfAuth() {
        noClasses().that().resideInAnyPackage("dev.switchboard.http..", "dev.switchboard.server..", "dev.switchboard.outbound..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.auth..")
                .because("auth implements the transport's Authenticator seam, not the other way round (STYLE.md §3 rule 3)")
                .check(classes);
    }

    @Test
    void onlyThePolicyModuleUsesCel() {
        noClasses().that().resideOutsideOfPackage("dev.switchboard.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cel..", "com.google.protobuf..")
                .because("CEL (and the protobuf values it evaluates) stays behind the policy API")
                .check(classes);
    }

    @Test
    void policyKnowsNothingOfTransportsOrTheGateway() {
        noClasses().that().resideInAPackage("dev.switchboard.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.http..", "dev.switchboard.client..",
                        "dev.switchboard.gateway..", "dev.switchboard.cli..")
                .because("the gateway and cli wire policy in, not the other way round (STYLE.md §3)")
                .check(classes);
    }

    @Test
    void onlyTheRegistryUsesLucene() {
        noClasses().that().resideOutsideOfPackage("dev.switchboard.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.lucene..")
                .because("the search index is the registry's own concern, behind its API")
                .check(classes);
    }

    @Test
    void noReactiveOrServletTypes() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("reactor..", "org.reactivestreams..",
                "javax.servlet..", "jakarta.servlet..", "org.springframework..")
                .check(classes);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("dev.switchboard.(*)..").should().beFreeOfCycles().check(classes);
    }
}
