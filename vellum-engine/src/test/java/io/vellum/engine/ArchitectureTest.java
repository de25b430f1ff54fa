package io.vellum.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's rooms and arrows, and the one statement of what other modules may use of it.
 *
 * <p><b>API</b> ({@link #API_PACKAGES}): what the server, vellum-kafka, vellum-cluster, the wallet, the CLI and the
 * benchmarks build on. <b>SPI</b> ({@link #CLUSTER_SPI}): the few internal types vellum-cluster plugs into (the
 * committer's {@code BlockLog} seam, the ledger's {@code LedgerReplica} role and follower path, and the journal
 * position a log returns). Everything else, above all {@code io.vellum.engine.internal..}, is internal. The modules'
 * own {@code ArchitectureTest}s (vellum-kafka, vellum-server, vellum-cluster) enforce these lists on their side and
 * repeat them; change both together.
 *
 * <p>Inside the engine: the commit path runs through three stages, {@code internal.transaction} (a transaction on a
 * snapshot) → {@code internal.commit} (the committer and the follower path) → {@code internal.apply} (blocks into
 * state), with {@code internal.redaction} beside them; only {@code internal.LedgerCore} wires them, and no stage
 * reaches back up.
 */
class ArchitectureTest {
    /** The engine's public API: the packages other modules may use freely. */
    static final List<String> API_PACKAGES = List.of("io.vellum.engine", "io.vellum.engine.export",
            "io.vellum.engine.signing", "io.vellum.engine.files", "io.vellum.engine.query");

    /** The internal types vellum-cluster may use (with their nested types), and nobody else. */
    static final List<String> CLUSTER_SPI = List.of("io.vellum.engine.internal.commit.BlockLog",
            "io.vellum.engine.internal.commit.LedgerReplica", "io.vellum.engine.journal.JournalPosition");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(Ledger.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    static boolean isApiOrSpi(JavaClass type) {
        String name = type.getName();
        return API_PACKAGES.contains(type.getPackageName())
                || CLUSTER_SPI.stream().anyMatch(spi -> name.equals(spi) || name.startsWith(spi + "$"));
    }

    @Test
    void everyListedApiPackageAndSpiTypeExistsAndIsPublic() {
        for (String apiPackage : API_PACKAGES) {
            assertThat(main.stream().filter(type -> type.getPackageName().equals(apiPackage))
                    .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC)))
                    .as("public types in API package %s", apiPackage).isNotEmpty();
        }
        for (String spi : CLUSTER_SPI) {
            assertThat(main.get(spi).getModifiers()).as("SPI type %s", spi).contains(JavaModifier.PUBLIC);
        }
    }

    /** The API hands out only API and SPI types (and vellum-proof's, Ion's, the JDK's): nothing internal leaks. */
    @Test
    void theApiExposesNoInternalType() {
        Set<String> exposed = new TreeSet<>();
        for (JavaClass type : main) {
            if (!API_PACKAGES.contains(type.getPackageName()) || !type.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            for (JavaMember member : type.getMembers()) {
                if (!member.getModifiers().contains(JavaModifier.PUBLIC)) {
                    continue;
                }
                List<JavaClass> signature = new ArrayList<>();
                if (member instanceof JavaMethod method) {
                    signature.add(method.getRawReturnType());
                }
                if (member instanceof JavaCodeUnit unit) {
                    signature.addAll(unit.getRawParameterTypes());
                }
                if (member instanceof JavaField field) {
                    signature.add(field.getRawType());
                }
                for (JavaClass used : signature) {
                    JavaClass base = used.isArray() ? used.getBaseComponentType() : used;
                    if (base.getPackageName().startsWith("io.vellum.engine") && !isApiOrSpi(base)) {
                        exposed.add(member.getFullName() + " exposes " + base.getName());
                    }
                }
            }
        }
        assertThat(exposed).isEmpty();
    }

    @Test
    void onlyTheApiFacadeAndTheInternalsUseTheInternals() {
        // Ledger is the public face of internal.LedgerCore; export, signing, files and query never see the internals.
        noClasses().that().resideOutsideOfPackages("io.vellum.engine", "io.vellum.engine.internal..")
                .should().dependOnClassesThat().resideInAPackage("io.vellum.engine.internal..").check(main);
    }

    @Test
    void theCommitPathStagesNeverReachBackUp() {
        noClasses().that().resideInAPackage("io.vellum.engine.internal.apply..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vellum.engine.internal.transaction..",
                        "io.vellum.engine.internal.commit..")
                .check(main);
        noClasses().that().resideInAPackage("io.vellum.engine.internal.commit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vellum.engine.internal.transaction..")
                .check(main);
        noClasses().that().resideInAPackage("io.vellum.engine.internal.redaction..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vellum.engine.internal.transaction..",
                        "io.vellum.engine.internal.commit..")
                .check(main);
        // Only LedgerCore wires the stages; of them, only the journal redactor (which rewrites journal records of
        // the open ledger) holds it, and the stages see it through their narrow views (TransactionContext,
        // CommitContext).
        noClasses().that().resideInAnyPackage("io.vellum.engine.internal.transaction..",
                        "io.vellum.engine.internal.commit..", "io.vellum.engine.internal.apply..")
                .should().dependOnClassesThat().resideInAPackage("io.vellum.engine.internal").check(main);
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
                        "io.vellum.engine.store..", "io.vellum.engine.internal..", "io.vellum.engine.catalog..")
                .check(main);
    }

    @Test
    void journalKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage("io.vellum.engine.journal..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vellum.engine.store..",
                        "io.vellum.engine.internal..", "io.vellum.engine.query..", "io.vellum.engine.catalog..")
                .check(main);
    }
}
