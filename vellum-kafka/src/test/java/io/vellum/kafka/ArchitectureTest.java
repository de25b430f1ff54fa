package io.vellum.kafka;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module's arrows: Kafka stays behind the internal package, only the stream store touches files. */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(StreamManager.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    @Test
    void thePublicPackageExposesNoKafkaType() {
        noClasses().that().resideInAPackage("io.vellum.kafka")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..").check(main);
    }

    @Test
    void onlyTheStreamStoreTouchesFiles() {
        noClasses().that().doNotHaveFullyQualifiedName("io.vellum.kafka.internal.StreamStore")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .orShould().dependOnClassesThat().resideInAPackage("java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
                .check(main);
    }

    /**
     * The engine's API packages, as vellum-engine's {@code ArchitectureTest.API_PACKAGES} states them (change both
     * together): everything else of the engine is internal to it.
     */
    private static final java.util.List<String> ENGINE_API = java.util.List.of("io.vellum.engine",
            "io.vellum.engine.export", "io.vellum.engine.signing", "io.vellum.engine.files", "io.vellum.engine.query");

    @Test
    void ofTheEngineOnlyItsApiIsUsed() {
        noClasses().should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "engine types outside its API packages " + ENGINE_API,
                        (com.tngtech.archunit.core.domain.JavaClass type) -> type.getPackageName()
                                .startsWith("io.vellum.engine") && !ENGINE_API.contains(type.getPackageName())))
                .check(main);
        // Stricter than the engine's list: streaming needs no query layer.
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.vellum.engine.query..").check(main);
    }
}
