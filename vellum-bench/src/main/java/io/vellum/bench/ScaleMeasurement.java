package io.vellum.bench;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import io.vellum.proof.verify.Verifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * Read-side measurements of an open ledger at one size: revision proofs (generation and verification) and
 * history-by-document-id queries for revisions picked uniformly over the whole ledger, and bytes on disk.
 * Iteration counts: system properties {@code vellum.proofs} (20,000) and {@code vellum.histories} (10,000); the
 * first quarter of each only warms the JIT and caches and is not recorded.
 */
final class ScaleMeasurement {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final int SAMPLE = 2_000;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    static final String HISTORY_QUERY = "SELECT * FROM history(" + ScaleFill.TABLE + ") AS h WHERE h.metadata.id = ?";

    /**
     * Everything measured at one size; latencies in microseconds, except verification in nanoseconds. The
     * {@code …CpuMicros} histograms hold the measuring thread's CPU time for the same calls: on a shared machine
     * wall-clock tails mostly measure waiting for a core, CPU time only the work.
     */
    record Point(long revisions, long blocks, Histogram proofMicros, Histogram proofCpuMicros, Histogram verifyNanos,
                 Histogram historyMicros, Histogram historyCpuMicros, double historyRevisionsMean,
                 long historyRevisionsMax, long journalBytes, long stateStoreBytes) {
        void print(java.io.PrintStream out) {
            out.printf("revisions=%d blocks=%d%n", revisions, blocks);
            out.printf("proof generation: p50=%d us p99=%d us max=%d us%n", proofMicros.getValueAtPercentile(50),
                    proofMicros.getValueAtPercentile(99), proofMicros.getMaxValue());
            out.printf("proof generation CPU time: p50=%d us p99=%d us%n", proofCpuMicros.getValueAtPercentile(50),
                    proofCpuMicros.getValueAtPercentile(99));
            out.printf("proof verification: p50=%.1f us p99=%.1f us%n", verifyNanos.getValueAtPercentile(50) / 1e3,
                    verifyNanos.getValueAtPercentile(99) / 1e3);
            out.printf("history by id: p50=%d us p99=%d us max=%d us; revisions per document mean=%.2f max=%d%n",
                    historyMicros.getValueAtPercentile(50), historyMicros.getValueAtPercentile(99),
                    historyMicros.getMaxValue(), historyRevisionsMean, historyRevisionsMax);
            out.printf("history by id CPU time: p50=%d us p99=%d us%n", historyCpuMicros.getValueAtPercentile(50),
                    historyCpuMicros.getValueAtPercentile(99));
            out.printf("disk: journal=%d state=%d; per revision: journal %.0f B, state %.0f B, total %.0f B%n",
                    journalBytes, stateStoreBytes, journalBytes / (double) revisions,
                    stateStoreBytes / (double) revisions, (journalBytes + stateStoreBytes) / (double) revisions);
        }
    }

    /** One revision to ask about: where it is and whose it is. */
    private record Pick(BlockAddress address, String documentId) {
    }

    private long countedTip = -1;
    private long counted;

    /**
     * Measures {@code ledger} as of its current digest. Revisions are counted block by block, continuing from the
     * previous call on the same ledger directory (reading every block again at 10M would cost a minute).
     */
    Point measure(Ledger ledger) {
        LedgerDigest digest = ledger.digest();
        long revisions = countRevisions(ledger, digest);
        List<Pick> sample = sample(ledger, digest);
        Histogram proofMicros = new Histogram(3);
        Histogram proofCpuMicros = new Histogram(3);
        Histogram verifyNanos = new Histogram(3);
        Random random = new Random(1);
        int proofs = Integer.getInteger("vellum.proofs", 20_000);
        for (int i = 0; i < proofs; i++) {
            Pick pick = sample.get(random.nextInt(sample.size()));
            long cpuStart = CPU.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            RevisionProof proof = ledger.revision(pick.address(), pick.documentId(), digest.tipAddress());
            long middle = System.nanoTime();
            long cpuEnd = CPU.getCurrentThreadCpuTime();
            Verifier.verifyRevision(proof.revision(), proof.proof(), digest);
            long end = System.nanoTime();
            if (i >= proofs / 4) {
                proofMicros.recordValue((middle - start) / 1000);
                proofCpuMicros.recordValue((cpuEnd - cpuStart) / 1000);
                verifyNanos.recordValue(end - middle);
            }
        }
        Histogram historyMicros = new Histogram(3);
        Histogram historyCpuMicros = new Histogram(3);
        long historyRevisions = 0;
        long historyRevisionsMax = 0;
        int histories = Integer.getInteger("vellum.histories", 10_000);
        for (int i = 0; i < histories; i++) {
            IonValue id = ION.newString(sample.get(random.nextInt(sample.size())).documentId());
            long cpuStart = CPU.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            List<IonValue> rows = ledger.executeStatement(HISTORY_QUERY, id);
            long end = System.nanoTime();
            long cpuEnd = CPU.getCurrentThreadCpuTime();
            if (rows.isEmpty() || !(rows.get(0) instanceof IonStruct)) {
                throw new IllegalStateException("history of sampled document " + id + " is empty");
            }
            if (i >= histories / 4) {
                historyMicros.recordValue((end - start) / 1000);
                historyCpuMicros.recordValue((cpuEnd - cpuStart) / 1000);
                historyRevisions += rows.size();
                historyRevisionsMax = Math.max(historyRevisionsMax, rows.size());
            }
        }
        var statistics = ledger.statistics();
        return new Point(revisions, digest.tipAddress().sequenceNo() + 1, proofMicros, proofCpuMicros, verifyNanos,
                historyMicros, historyCpuMicros, historyRevisions / (double) historyMicros.getTotalCount(),
                historyRevisionsMax, statistics.journalBytes(), statistics.stateStoreBytes());
    }

    /** Revisions of all blocks up to the digest's tip (catalog revisions included; they are a handful). */
    private long countRevisions(Ledger ledger, LedgerDigest digest) {
        String strand = digest.tipAddress().strandId();
        for (long sequenceNo = countedTip + 1; sequenceNo <= digest.tipAddress().sequenceNo(); sequenceNo++) {
            counted += ledger.readBlock(new BlockAddress(strand, sequenceNo)).revisions().size();
        }
        countedTip = digest.tipAddress().sequenceNo();
        return counted;
    }

    /**
     * 2,000 user revisions picked uniformly over the blocks, then uniformly within the block (every fill block has
     * 40 revisions, so this is uniform over revisions); catalog revisions are skipped.
     */
    private static List<Pick> sample(Ledger ledger, LedgerDigest digest) {
        Random random = new Random(7);
        List<Pick> sample = new ArrayList<>(SAMPLE);
        while (sample.size() < SAMPLE) {
            BlockAddress address = new BlockAddress(digest.tipAddress().strandId(),
                    1 + (long) (random.nextDouble() * digest.tipAddress().sequenceNo()));
            var revisions = ledger.readBlock(address).revisions();
            if (!revisions.isEmpty() && revisions.get(random.nextInt(revisions.size())) instanceof Revision revision
                    && revision.data() != null && !revision.data().containsKey("indexes")) {
                sample.add(new Pick(address, revision.metadata().id()));
            }
        }
        return sample;
    }
}
