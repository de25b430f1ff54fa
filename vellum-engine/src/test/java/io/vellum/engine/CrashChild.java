package io.vellum.engine;

import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.file.Path;

/**
 * Child process of {@link CrashSafetyTest}: commits forever from several threads and prints {@code ACK <documentId>}
 * after each acknowledged commit, until it is killed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        IonSystem ion = IonSystemBuilder.standard().build();
        Ledger ledger = Ledger.open(Path.of(args[0]), LedgerOptions.defaults().withJournalSegmentSize(64 * 1024));
        try {
            ledger.execute(tx -> tx.execute("CREATE TABLE Events"));
            ledger.execute(tx -> tx.execute("CREATE INDEX ON Events (writer)"));
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
        }
        KilledChild.commitUntilKilled(ledger, 4, (tx, writer, sequence) -> {
            IonStruct row = (IonStruct) tx.execute("INSERT INTO Events VALUE {'writer': ?, 'n': ?}",
                    ion.newInt(writer), ion.newInt(sequence)).get(0);
            return ((IonString) row.get("documentId")).stringValue();
        });
    }
}
