package io.vellum.wallet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vellum.server.HttpFront;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wallet is an application on a ledger, not part of the engine: it reaches the ledger only through
 * LedgerConnection, and only that interface's implementations know the engine or the client.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(WalletService.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    @Test
    void onlyTheEmbeddedConnectionKnowsTheEngine() {
        noClasses().that().resideInAPackage("io.vellum.wallet..")
                .and().haveNameNotMatching("io\\.vellum\\.wallet\\.ledger\\.EmbeddedLedgerConnection(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("io.vellum.engine..")
                .check(main);
    }

    @Test
    void theEmbeddedConnectionUsesOnlyTheEnginesPublicApi() {
        noClasses().that().resideInAPackage("io.vellum.wallet..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vellum.engine.*..")
                .check(main);
    }

    /**
     * Of the server, only its SigV4 verifier and credentials file, its HTTP front (the thread-per-connection front,
     * the dispatch interface it calls, its connection limits) and the choice between the fronts ({@link HttpFront}):
     * one implementation of each, shared. Nothing of its APIs, hosting or sessions.
     */
    @Test
    void ofTheServerOnlyItsAuthenticationAndItsHttpFrontAreUsed() {
        noClasses().that().resideInAPackage("io.vellum.wallet..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.vellum.server..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage("io.vellum.server.auth",
                                "io.vellum.server.front", "io.vellum.server.http")))
                        .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(HttpFront.class))))
                .check(main);
    }

    /** The server's HTTP layer is the wallet's HTTP layer's business, and the configuration's that chooses it. */
    @Test
    void onlyTheHttpLayerAndItsConfigurationKnowTheServersFront() {
        noClasses().that().resideInAPackage("io.vellum.wallet..")
                .and().resideOutsideOfPackage("io.vellum.wallet.http..")
                .and().doNotHaveFullyQualifiedName(WalletConfig.class.getName())
                .and().doNotHaveFullyQualifiedName(WalletService.class.getName())
                .should().dependOnClassesThat().resideInAnyPackage("io.vellum.server.front..",
                        "io.vellum.server.http..")
                .check(main);
    }

    @Test
    void onlyTheRemoteConnectionKnowsTheClient() {
        noClasses().that().resideInAPackage("io.vellum.wallet..")
                .and().haveNameNotMatching("io\\.vellum\\.wallet\\.ledger\\.Remote.*")
                .should().dependOnClassesThat().resideInAPackage("io.vellum.client..")
                .check(main);
    }

    @Test
    void theWalletsOperationsKnowNothingOfHttpJsonOrProfiles() {
        noClasses().that().resideInAPackage("io.vellum.wallet.account..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vellum.wallet.http..",
                        "io.vellum.wallet.profile..", "org.eclipse.jetty..", "com.fasterxml.jackson..", "java.sql..")
                .check(main);
    }

    @Test
    void profilesNeverReachTheLedger() {
        noClasses().that().resideInAPackage("io.vellum.wallet.profile..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vellum.wallet.ledger..",
                        "io.vellum.wallet.http..", "io.vellum.engine..", "com.amazon.ion..")
                .check(main);
    }
}
