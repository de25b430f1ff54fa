package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import io.vellum.wallet.ledger.ChangeSubscription;
import io.vellum.wallet.ledger.EmbeddedLedgerConnection;
import io.vellum.wallet.ledger.LedgerConnection;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.wallet.ledger.WalletTransaction;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify over HTTP when the ledger's answer does not verify: a ledger connection that returns the account's revision
 * with a richer balance (its stored hash untouched, as a lying ledger would) makes Verify answer 500
 * VERIFICATION_FAILED with the expected and computed hashes, never 200 with the richer balance.
 */
class VerifyRefusalTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path directory;

    /** The embedded connection, except that revision proofs come back with balance 1000000.00. */
    private record LyingLedger(LedgerConnection real) implements LedgerConnection {
        @Override
        public <T> T execute(Function<WalletTransaction, T> work) {
            return real.execute(work);
        }

        @Override
        public IonSystem ionSystem() {
            return real.ionSystem();
        }

        @Override
        public LedgerDigest digest() {
            return real.digest();
        }

        @Override
        public RevisionProof revisionProof(BlockAddress blockAddress, String documentId, LedgerDigest tip) {
            RevisionProof genuine = real.revisionProof(blockAddress, documentId, tip);
            Revision revision = genuine.revision();
            IonStruct richer = revision.data().clone();
            richer.put("balance", ION.newDecimal(new BigDecimal("1000000.00")));
            return new RevisionProof(new Revision(revision.blockAddress(), revision.hash(), richer, null,
                    revision.metadata()), genuine.proof());
        }

        @Override
        public long committedTip() {
            return real.committedTip();
        }

        @Override
        public ChangeSubscription changes(long fromSequenceNo, Consumer<JournalBlock> consumer) {
            return real.changes(fromSequenceNo, consumer);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @Test
    void aRevisionThatDoesNotVerifyIsAnErrorNotABalance() {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"));
             WalletService service = WalletService.start(WalletConfig.embedded(directory).withPort(0),
                     new LyingLedger(EmbeddedLedgerConnection.sharing(ledger)))) {
            WalletHttp http = new WalletHttp(service);
            expect(http.post("/tables", ""), 201);
            expect(http.post("/indexes", ""), 201);
            expect(http.post("/accounts", "{\"accountId\":\"alice\"}"), 201);
            expect(http.post("/accounts/alice/deposits", "{\"amount\":\"100.50\"}"), 200);

            WalletHttp.Answer refused = expect(http.get("/accounts/alice/verification"), 500);
            assertThat(refused.errorCode()).isEqualTo("VERIFICATION_FAILED");
            assertThat(refused.errorMessage()).startsWith("account alice did not verify: revision ")
                    .contains("expected ", " but computed ");
            assertThat(refused.body()).doesNotContain("1000000", "Exception", "io.vellum");
        }
    }
}
