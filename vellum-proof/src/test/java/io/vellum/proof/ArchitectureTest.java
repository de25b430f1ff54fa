package io.vellum.proof;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vellum.proof.hash.Hash;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * vellum-proof is pure math over Ion: no I/O, no Vellum module but vellum-errors, no ion-hash-java (that is the test
 * reference only), and its rooms depend one way: hash &lt;- merkle &lt;- block &lt;- {verify, signature}.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        // Import the main classes folder only: scanning the whole classpath for the package is slow.
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(Hash.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    @Test
    void dependsOnlyOnTheJdkCoreIonAndTheErrorTypes() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("io.vellum.proof..", "io.vellum.error..",
                "java.lang..", "java.util..", "java.math..", "java.security..", "java.time..", "javax.crypto..",
                "java.nio.charset..", "java.io..", "com.amazon.ion..").check(main);
    }

    @Test
    void doesNoIo() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
                .check(main);
    }

    @Test
    void ionHashJavaIsOnlyTheTestReference() {
        noClasses().should().dependOnClassesThat().resideInAPackage("com.amazon.ionhash..").check(main);
    }

    @Test
    void everyClassLivesInARoom() {
        classes().that().doNotHaveSimpleName("package-info").should().resideInAnyPackage("io.vellum.proof.hash", "io.vellum.proof.merkle", "io.vellum.proof.block",
                "io.vellum.proof.signature", "io.vellum.proof.verify").check(main);
    }

    @Test
    void roomsDependOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("hash").definedBy("io.vellum.proof.hash")
                .layer("merkle").definedBy("io.vellum.proof.merkle")
                .layer("block").definedBy("io.vellum.proof.block")
                .layer("signature").definedBy("io.vellum.proof.signature")
                .layer("verify").definedBy("io.vellum.proof.verify")
                .whereLayer("verify").mayNotBeAccessedByAnyLayer()
                .whereLayer("signature").mayNotBeAccessedByAnyLayer()
                .whereLayer("block").mayOnlyBeAccessedByLayers("signature", "verify")
                .whereLayer("merkle").mayOnlyBeAccessedByLayers("block", "verify")
                .whereLayer("hash").mayOnlyBeAccessedByLayers("merkle", "block", "signature", "verify")
                .check(main);
    }

    @Test
    void roomsAreFreeOfCycles() {
        slices().matching("io.vellum.proof.(*)..").should().beFreeOfCycles().check(main);
    }
}
