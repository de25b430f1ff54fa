package io.vellum.proof;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.vellum.proof.hash.Hash;

/** vellum-proof is pure math over Ion: no I/O, no other Vellum module, ion-hash-java only as the reference. */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        // Import the main classes folder only: scanning the whole classpath for the package is slow.
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(Hash.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    @Test
    void dependsOnlyOnTheJdkCoreAndIon() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("io.vellum.proof..", "java.lang..",
                "java.util..", "java.math..", "java.security..", "java.time..", "javax.crypto..", "java.nio.charset..", "java.io..", "com.amazon.ion..",
                "com.amazon.ionhash..").check(main);
    }

    @Test
    void doesNoIo() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
                .check(main);
    }

    @Test
    void ionHashJavaIsOnlyTheReference() {
        noClasses().that().doNotHaveSimpleName("IonHashReference").should().dependOnClassesThat()
                .resideInAPackage("com.amazon.ionhash..").check(main);
    }
}
