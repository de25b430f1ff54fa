package io.vellum.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's arrows: Kafka types stay out of the public API; no file access (the engine owns the ledger's files);
 * of the engine's internals only the replication seam is used.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(ReplicatedLedger.class.getProtectionDomain().getCodeSource().getLocation()
                        .toURI()));
    }

    @Test
    void thePublicApiExposesNoKafkaType() {
        List<String> exposed = new ArrayList<>();
        for (JavaClass type : main) {
            if (!type.getPackageName().equals("io.vellum.cluster") || !type.getModifiers().contains(JavaModifier.PUBLIC)) {
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
                if (member instanceof com.tngtech.archunit.core.domain.JavaCodeUnit unit) {
                    signature.addAll(unit.getRawParameterTypes());
                }
                for (JavaClass used : signature) {
                    if (used.getPackageName().startsWith("org.apache.kafka")
                            || used.getPackageName().startsWith("io.vellum.cluster.internal")) {
                        exposed.add(member.getFullName());
                    }
                }
            }
        }
        assertThat(exposed).isEmpty();
    }

    @Test
    void nothingTouchesFiles() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
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

    /**
     * The replication seam, as vellum-engine's {@code ArchitectureTest.CLUSTER_SPI} states it (change both together):
     * the only internal engine types this module may use, with their nested types.
     */
    private static final List<String> ENGINE_CLUSTER_SPI = List.of("io.vellum.engine.internal.commit.BlockLog",
            "io.vellum.engine.internal.commit.LedgerReplica", "io.vellum.engine.journal.JournalPosition");

    @Test
    void ofTheEngineOnlyItsApiAndTheReplicationSeamAreUsed() {
        noClasses().should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "engine types outside its API packages " + ENGINE_API + " and its SPI " + ENGINE_CLUSTER_SPI,
                        (JavaClass type) -> type.getPackageName().startsWith("io.vellum.engine")
                                && !ENGINE_API.contains(type.getPackageName())
                                && ENGINE_CLUSTER_SPI.stream().noneMatch(spi -> type.getName().equals(spi)
                                        || type.getName().startsWith(spi + "$"))))
                .check(main);
    }
}
