package io.vellum.error;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** vellum-errors is the bottom of the stack: the product's error types over the JDK alone. */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(ErrorCode.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    @Test
    void dependsOnlyOnTheJdkCore() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("io.vellum.error", "java.lang..", "java.util..",
                "java.time..").check(main);
    }
}
