package io.vellum.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's internal arrows: only the journal and the store touch files; queries see storage only via QueryContext. */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(Ledger.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    @Test
    void onlyJournalAndStoreTouchFiles() {
        noClasses().that().resideOutsideOfPackages("io.vellum.engine.journal..", "io.vellum.engine.store..",
                        "io.vellum.engine.export..", "io.vellum.engine.files..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .orShould().dependOnClassesThat().resideInAPackage("java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .check(main);
        noClasses().that().resideOutsideOfPackages("io.vellum.engine.store..")
                .should().dependOnClassesThat().resideInAPackage("org.rocksdb..").check(main);
    }

    @Test
    void queryLayerSeesStorageOnlyThroughQueryContext() {
        noClasses().that().resideInAPackage("io.vellum.engine.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vellum.engine.journal..",
                        "io.vellum.engine.store..", "io.vellum.engine.transaction..", "io.vellum.engine.catalog..")
                .check(main);
    }

    @Test
    void journalKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage("io.vellum.engine.journal..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vellum.engine.store..",
                        "io.vellum.engine.transaction..", "io.vellum.engine.query..", "io.vellum.engine.catalog..")
                .check(main);
    }
}
