package io.vellum.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * vellum-client talks to a server over HTTP only: it depends on vellum-proof for the math, never on the engine or
 * the server, and needs no AWS SDK.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        // The main classes folder only: scanning the whole classpath (which holds the server in tests) is slow.
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(VellumClient.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    @Test
    void dependsOnNoEngineOrServerClass() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.vellum.engine..", "io.vellum.server..")
                .check(main);
    }

    @Test
    void dependsOnlyOnTheJdkIonJacksonAndTheProofModule() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("io.vellum.client..", "io.vellum.proof..", "io.vellum.error..",
                "io.vellum.sigv4..",
                "java..", "javax.crypto..", "javax.net..", "com.amazon.ion..", "com.fasterxml.jackson..").check(main);
    }

    @Test
    void internalMachineryDoesNotCallBackIntoTheFacade() {
        noClasses().that().resideInAPackage("io.vellum.client.internal..").should().dependOnClassesThat()
                .haveFullyQualifiedName(VellumClient.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(VellumClientBuilder.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(LedgerVerifier.class.getName())
                .check(main);
    }
}
