package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.IonBinary;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QLDB's 4 MB transaction size (limits.html): a transaction may write at most 4 MiB of document data, counted as the
 * Ion binary encodings of the data of every user revision it commits. Before, 40 documents of 110 KB (4.4 MB)
 * committed.
 */
class TransactionSizeLimitTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final int LIMIT = 4 * 1024 * 1024;
    private static final int DOCUMENT = 105_000;

    @TempDir
    Path directory;

    @Test
    void theDefaultIsFourMebibytes() {
        assertThat(LedgerOptions.defaults().maxTransactionSize()).isEqualTo(LIMIT);
    }

    @Test
    void aTransactionOfExactlyTheLimitCommitsAndOneByteMoreIsRefused() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            int last = LIMIT - 39 * DOCUMENT;

            // One byte over: the 40th insert is refused, naming the size and the limit; the transaction keeps the
            // 39 documents before it and can still commit them.
            try (Transaction transaction = ledger.begin()) {
                for (int i = 0; i < 39; i++) {
                    transaction.execute("INSERT INTO T ?", documentOf(DOCUMENT));
                }
                assertThatThrownBy(() -> transaction.execute("INSERT INTO T ?", documentOf(last + 1)))
                    .isInstanceOfSatisfying(LedgerException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
                        assertThat(e.getMessage()).contains("would write " + (LIMIT + 1) + " bytes")
                            .contains("at most " + LIMIT + " bytes");
                    });
                transaction.commit();
            }
            assertThat(count(ledger)).isEqualTo(39);

            // Exactly the limit: commits.
            ledger.execute(tx -> {
                for (int i = 0; i < 39; i++) {
                    tx.execute("INSERT INTO T ?", documentOf(DOCUMENT));
                }
                return tx.execute("INSERT INTO T ?", documentOf(last));
            });
            assertThat(count(ledger)).isEqualTo(79);
        }
    }

    @Test
    void fortyDocumentsOf110KilobytesNoLongerCommitAndNothingIsWritten() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            LedgerDigest before = ledger.digest();
            assertThatThrownBy(() -> ledger.execute(tx -> {
                for (int i = 0; i < 40; i++) {
                    tx.execute("INSERT INTO T ?", documentOf(110 * 1024));
                }
                return null;
            })).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
            assertThat(ledger.digest()).isEqualTo(before);
            assertThat(count(ledger)).isZero();
        }
    }

    @Test
    void aDocumentWrittenTwiceCountsOnceAndDeletesCountNothing() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            ledger.execute(tx -> {
                String id = tx.execute("INSERT INTO T ?", documentOf(100_000)).get(0).toString();
                // 60 updates of one 100 KB document: 6 MB of statements, one 100 KB revision.
                for (int i = 0; i < 60; i++) {
                    tx.execute("UPDATE T AS t SET t.round = ?", ION.newInt(i));
                }
                return id;
            });
            ledger.execute(tx -> {
                for (int i = 0; i < 39; i++) {
                    tx.execute("INSERT INTO T ?", documentOf(DOCUMENT));
                }
                tx.execute("DELETE FROM T AS t WHERE t.round = 59");
                return null;
            });
            assertThat(count(ledger)).isEqualTo(39);
        }
    }

    private static long count(Ledger ledger) {
        return ledger.execute(tx -> tx.execute("SELECT COUNT(*) AS n FROM T")).stream()
            .mapToLong(value -> ((com.amazon.ion.IonInt) ((IonStruct) value).get("n")).longValue()).sum();
    }

    /** A document {@code {payload: <blob>}} whose Ion binary encoding is exactly {@code size} bytes. */
    private static IonStruct documentOf(int size) {
        for (int blob = size; blob > 0; blob--) {
            IonStruct document = ION.newEmptyStruct();
            document.put("payload").newBlob(new byte[blob]);
            int encoded = IonBinary.encode(document).length;
            if (encoded == size) {
                return document;
            }
            if (encoded < size) {
                break;
            }
        }
        throw new IllegalStateException("no blob encodes to exactly " + size + " bytes");
    }
}
