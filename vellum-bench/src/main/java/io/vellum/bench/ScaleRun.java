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
 * Usage: {@code ScaleRun [revisions=1000000] [dir]}; with revisions 0 an existing ledger is only measured.
 */
public final class ScaleRun {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    private ScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        long target = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("vellum-scale");
        long fillStart = System.nanoTime();
        if (target > 0) {
            try (Ledger ledger = Ledger.open(directory)) {
                fill(ledger, target);
                System.out.printf("filled %d revisions in %.1f s%n", target, (System.nanoTime() - fillStart) / 1e9);
            }
        }
        long openStart = System.nanoTime();
        try (Ledger ledger = Ledger.open(directory)) {
            System.out.printf("reopen: %.0f ms%n", (System.nanoTime() - openStart) / 1e6);
            LedgerDigest digest = ledger.digest();
            long revisions = countRevisions(ledger, digest);
            System.out.printf("revisions=%d blocks=%d%n", revisions, digest.tipAddress().sequenceNo() + 1);
            List<BlockAddress> sample = new ArrayList<>();
            List<String> sampleIds = new ArrayList<>();
            sampleRevisions(ledger, digest, sample, sampleIds);
            Histogram proofMicros = new Histogram(3);
            Histogram verifyNanos = new Histogram(3);
            Random random = new Random(1);
            int iterations = Integer.getInteger("vellum.proofs", 20_000);
            for (int i = 0; i < iterations; i++) {
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
            System.out.printf("disk: journal=%d state=%d total=%.0f B/revision (journal %.0f B/revision)%n",
                    statistics.journalBytes(), statistics.stateStoreBytes(), total / (double) revisions,
                    statistics.journalBytes() / (double) revisions);
        }
    }

    private static void fill(Ledger ledger, long target) throws InterruptedException {
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
                    ledger.execute(tx -> {
                        IonStruct row = ION.newEmptyStruct();
                        row.put("writer").newInt(writer);
                        row.put("payload").newString("x".repeat(100));
                        for (int i = 0; i < 40; i++) {
                            tx.execute("INSERT INTO Items VALUE ?", row);
                        }
                        return null;
                    });
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Counts revisions by reading every block's revision count (cheap next to the fill). */
    private static long countRevisions(Ledger ledger, LedgerDigest digest) {
        long count = 0;
        for (long sequenceNo = 0; sequenceNo <= digest.tipAddress().sequenceNo(); sequenceNo++) {
            count += ledger.readBlock(new BlockAddress(digest.tipAddress().strandId(), sequenceNo)).revisions().size();
        }
        return count;
    }

    /** 2,000 revisions picked uniformly over the blocks that have user revisions. */
    private static void sampleRevisions(Ledger ledger, LedgerDigest digest, List<BlockAddress> sample,
                                        List<String> sampleIds) {
        Random random = new Random(7);
        while (sample.size() < 2_000) {
            BlockAddress address = new BlockAddress(digest.tipAddress().strandId(),
                    1 + (long) (random.nextDouble() * digest.tipAddress().sequenceNo()));
            var revisions = ledger.readBlock(address).revisions();
            if (!revisions.isEmpty() && revisions.get(random.nextInt(revisions.size()))
                    instanceof io.vellum.proof.Revision revision && revision.data() != null
                    && !revision.data().containsKey("indexes")) {
                sample.add(address);
                sampleIds.add(revision.metadata().id());
            }
        }
    }
}
