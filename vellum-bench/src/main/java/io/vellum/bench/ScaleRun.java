package io.vellum.bench;

import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.RevisionProof;
import io.vellum.proof.BlockAddress;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Scale run: fills a ledger with N revisions (40 inserts per transaction from 4 threads), then measures proof
 * generation and verification latency for random revisions, reopen time and bytes on disk per revision.
 * Usage: {@code ScaleRun [revisions=1000000] [dir]}; an existing directory is extended, not refilled.
 */
public final class ScaleRun {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    private ScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        long target = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("vellum-scale");
        long fillStart = System.nanoTime();
        List<BlockAddress> sample = new ArrayList<>();
        List<String> sampleIds = new ArrayList<>();
        try (Ledger ledger = Ledger.open(directory)) {
            fill(ledger, target, sample, sampleIds);
            System.out.printf("filled %d revisions in %.1f s%n", target, (System.nanoTime() - fillStart) / 1e9);
            var statistics = ledger.statistics();
            System.out.printf("blocks=%d journal=%d bytes (%.0f B/revision)%n", statistics.tipSequenceNo() + 1,
                    statistics.journalBytes(), statistics.journalBytes() / (double) target);
        }
        long openStart = System.nanoTime();
        try (Ledger ledger = Ledger.open(directory)) {
            System.out.printf("reopen: %.0f ms%n", (System.nanoTime() - openStart) / 1e6);
            LedgerDigest digest = ledger.digest();
            Histogram proofMicros = new Histogram(3);
            Histogram verifyNanos = new Histogram(3);
            Random random = new Random(1);
            for (int i = 0; i < 20_000; i++) {
                int pick = random.nextInt(sample.size());
                long start = System.nanoTime();
                RevisionProof proof = ledger.revision(sample.get(pick), sampleIds.get(pick), digest.tipAddress());
                long middle = System.nanoTime();
                Verifier.verifyRevision(proof.revision(), proof.proof(), digest);
                long end = System.nanoTime();
                if (i >= 5_000) { // the first ones warm the JIT and caches
                    proofMicros.recordValue((middle - start) / 1000);
                    verifyNanos.recordValue(end - middle);
                }
            }
            System.out.printf("proof generation: p50=%d us p99=%d us max=%d us%n",
                    proofMicros.getValueAtPercentile(50), proofMicros.getValueAtPercentile(99),
                    proofMicros.getMaxValue());
            System.out.printf("proof verification: p50=%d us p99=%d us%n",
                    verifyNanos.getValueAtPercentile(50) / 1000, verifyNanos.getValueAtPercentile(99) / 1000);
            var statistics = ledger.statistics();
            long total = statistics.journalBytes() + statistics.stateStoreBytes();
            System.out.printf("disk: journal=%d state=%d total=%.0f B/revision%n", statistics.journalBytes(),
                    statistics.stateStoreBytes(), total / (double) target);
        }
    }

    private static void fill(Ledger ledger, long target, List<BlockAddress> sample, List<String> sampleIds)
            throws InterruptedException {
        try {
            ledger.execute(tx -> tx.execute("CREATE TABLE Items"));
        } catch (io.vellum.proof.LedgerException e) {
            // already there: extending an existing ledger
        }
        AtomicLong written = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int writer = t;
            threads.add(new Thread(() -> {
                while (written.addAndGet(40) <= target) {
                    List<IonValue> ids = ledger.execute(tx -> {
                        IonStruct row = ION.newEmptyStruct();
                        row.put("writer").newInt(writer);
                        row.put("payload").newString("x".repeat(100));
                        List<IonValue> result = new ArrayList<>();
                        for (int i = 0; i < 40; i++) {
                            result.addAll(tx.execute("INSERT INTO Items VALUE ?", row));
                        }
                        return result;
                    });
                    if (written.get() % 4000 == 0) {
                        String id = ((IonString) ((IonStruct) ids.get(0)).get("documentId")).stringValue();
                        synchronized (sample) {
                            sampleIds.add(id);
                            sample.add(null);
                        }
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        // Resolve block addresses of the sampled documents through the committed view.
        for (int i = 0; i < sampleIds.size(); i++) {
            String id = sampleIds.get(i);
            IonStruct committed = ledger.execute(tx -> (IonStruct) tx.execute(
                    "SELECT * FROM _ql_committed_Items AS i BY d WHERE d = ?", ION.newString(id)).get(0));
            sample.set(i, BlockAddress.parseIonText(committed.get("blockAddress").toString()));
        }
    }
}
