package io.vellum.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
    void onlyTheRootPackageAndHttpKnowJetty() {
        noClasses().that().resideOutsideOfPackages("io.vellum.server", "io.vellum.server.http")
                .and().resideInAPackage("io.vellum.server..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
                .check(main);
    }

    /** The root package wires the rooms together; no room depends on it. */
    @Test
    void noRoomDependsOnTheRootPackage() {
        noClasses().that().resideInAPackage("io.vellum.server.(*)..")
                .should().dependOnClassesThat().resideInAPackage("io.vellum.server")
                .check(main);
    }

    /** {@code http} is the bottom room: the plumbing every API shares knows no other package of the server. */
    @Test
    void httpDependsOnNoOtherPackageOfTheServer() {
        noClasses().that().resideInAPackage("io.vellum.server.http")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "classes of the server outside io.vellum.server.http",
                        (com.tngtech.archunit.core.domain.JavaClass type) -> type.getPackageName()
                                .startsWith("io.vellum.server") && !type.getPackageName().equals("io.vellum.server.http")))
                .check(main);
    }

    /**
     * Vellum's own HTTP front parses and frames HTTP only: it reaches the server through the {@code http} room's
     * dispatch seam ({@code RequestRoutes}), never an API room or the root package (nor Jetty: the rule above).
     */
    @Test
    void frontUsesOnlyHttpOfTheServer() {
        noClasses().that().resideInAPackage("io.vellum.server.front")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "classes of the server outside io.vellum.server.front and io.vellum.server.http",
                        (com.tngtech.archunit.core.domain.JavaClass type) -> type.getPackageName()
                                .startsWith("io.vellum.server") && !type.getPackageName().equals("io.vellum.server.http")
                                && !type.getPackageName().equals("io.vellum.server.front")))
                .check(main);
    }

    /** Hosting the ledgers of a data directory needs the HTTP plumbing's input limits at most, never an API. */
    @Test
    void hostingUsesOnlyHttpOfTheServer() {
        noClasses().that().resideInAPackage("io.vellum.server.hosting")
                .should().dependOnClassesThat().resideInAnyPackage("io.vellum.server", "io.vellum.server.auth",
                        "io.vellum.server.cluster", "io.vellum.server.console", "io.vellum.server.control",
                        "io.vellum.server.front",
                        "io.vellum.server.exports", "io.vellum.server.metrics", "io.vellum.server.nativeapi",
                        "io.vellum.server.session")
                .check(main);
    }

    /** The server's packages below the root depend on each other without cycles. */
    @Test
    void roomsAreFreeOfCycles() {
        slices().matching("io.vellum.server.(*)..").should().beFreeOfCycles().check(main);
    }
}
