package io.vellum.engine;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.PrintStream;
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
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        Ledger ledger = Ledger.open(Path.of(args[0]), LedgerOptions.defaults().withJournalSegmentSize(64 * 1024));
        try {
            ledger.execute(tx -> tx.execute("CREATE TABLE Events"));
            ledger.execute(tx -> tx.execute("CREATE INDEX ON Events (writer)"));
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
        }
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        for (int t = 0; t < 4; t++) {
            int writer = t;
            Thread thread = new Thread(() -> {
                for (long n = 0; ; n++) {
                    long sequence = n;
                    String documentId = ledger.execute(tx -> {
                        IonStruct row = (IonStruct) tx.execute("INSERT INTO Events VALUE {'writer': ?, 'n': ?}",
                                ion.newInt(writer), ion.newInt(sequence)).get(0);
                        return ((com.amazon.ion.IonString) row.get("documentId")).stringValue();
                    });
                    synchronized (out) {
                        out.println("ACK " + documentId);
                        out.flush();
                    }
                }
            });
            thread.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
