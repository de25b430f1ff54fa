package io.vellum.sigv4;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vellum.proof.hash.Sha256;
import org.junit.jupiter.api.Test;

/** The bottom of the SigV4 stack: the JDK and vellum-proof's Sha256; no I/O beyond byte streams, no HTTP library. */
class ArchitectureTest {
    private final JavaClasses main = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.vellum.sigv4");

    @Test
    void dependsOnlyOnTheJdkAndSha256() {
        classes().should().onlyDependOnClassesThat(DescribedPredicate.or(
                resideInAnyPackage("io.vellum.sigv4..", "java.lang..", "java.util..", "java.net", "java.nio.charset",
                        "java.io"),
                equivalentTo(Sha256.class))).check(main);
    }
}
