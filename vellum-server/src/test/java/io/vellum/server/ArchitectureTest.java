package io.vellum.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server uses the engine and vellum-kafka only through their public APIs, never their internals. */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(VellumServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    /**
     * The engine's API packages, as vellum-engine's {@code ArchitectureTest.API_PACKAGES} states them (change both
     * together): everything else of the engine is internal to it.
     */
    private static final java.util.List<String> ENGINE_API = java.util.List.of("io.vellum.engine",
            "io.vellum.engine.export", "io.vellum.engine.signing", "io.vellum.engine.files", "io.vellum.engine.query");

    @Test
    void serverCodeUsesOnlyTheEnginesApi() {
        noClasses().that().resideInAPackage("io.vellum.server..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "engine types outside its API packages " + ENGINE_API,
                        (com.tngtech.archunit.core.domain.JavaClass type) -> type.getPackageName()
                                .startsWith("io.vellum.engine") && !ENGINE_API.contains(type.getPackageName())))
                .check(main);
    }

    @Test
    void kafkaIsReachedOnlyThroughVellumKafka() {
        // DESIGN.md: vellum-kafka is the only module with kafka-clients; the server uses its public API.
        noClasses().that().resideInAPackage("io.vellum.server..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.vellum.kafka.internal..")
                .check(main);
    }

    @Test
    void onlyTheServerPackageKnowsJetty() {
        noClasses().that().resideOutsideOfPackage("io.vellum.server")
                .and().resideInAPackage("io.vellum.server..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
                .check(main);
    }
}
