package io.vellum.engine.internal.commit;

import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.engine.internal.apply.IndexKey;
import io.vellum.bench.micro.SampleDocuments;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The committer's OCC step for one wallet transfer: {@link ConflictIndex#conflicts} of its read set (two index
 * keys of {@code Accounts.accountId}, the two documents it updates) against an index holding the writes of 10,000
 * earlier transfer blocks, and {@link ConflictIndex#record} of its write summary. Every item read was last written
 * before the transaction's snapshot, so each lookup finds an entry and validation checks all four items (the
 * no-conflict path is also the longest).
 *
 * <p>In package {@code io.vellum.engine.internal.commit} of vellum-bench (a split package, fine on the class path
 * and in the shaded jar) because {@code ConflictIndex} and the read set's fields are package-private; no visibility
 * was widened for the benchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OccValidationBenchmark {
    private static final int HISTORY_BLOCKS = 10_000;
    private static final int ACCOUNTS = 100_000;
    private static final int CASES = 1024;
    private static final String TABLE_ID = "Fw2Hq7rTuDb0xKEg9mRqvN";
    private static final String INDEX_ID = "Lq3xR0bJ5uYt8KcW1nZpQe";

    private final ConflictIndex index = new ConflictIndex();
    private final ReadSet[] readSets = new ReadSet[CASES];
    private final WriteSummary[] writes = new WriteSummary[CASES];
    private long snapshotSequenceNo;
    private long nextSequenceNo;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        // History: block n moved money between accounts 2n and 2n+1 (mod ACCOUNTS).
        for (int block = 0; block < HISTORY_BLOCKS; block++) {
            index.record(transferWrites(2 * block % ACCOUNTS, (2 * block + 1) % ACCOUNTS).at(block));
        }
        snapshotSequenceNo = HISTORY_BLOCKS - 1;
        nextSequenceNo = HISTORY_BLOCKS;
        // Transactions to validate: the accounts of an earlier block, found in the index but not after the snapshot.
        for (int i = 0; i < CASES; i++) {
            int from = 2 * (i * 9 % HISTORY_BLOCKS);
            ReadSet reads = new ReadSet();
            reads.indexKeys.add(accountKey(from));
            reads.indexKeys.add(accountKey(from + 1));
            reads.documents.add(documentId(from));
            reads.documents.add(documentId(from + 1));
            readSets[i] = reads;
            writes[i] = transferWrites(from, from + 1);
            if (index.conflicts(snapshotSequenceNo, reads)) {
                throw new IllegalStateException("case " + i + " must not conflict");
            }
        }
    }

    private static WriteSummary transferWrites(int from, int to) {
        Set<String> documents = new HashSet<>(Set.of(documentId(from), documentId(to)));
        // An UPDATE of balance leaves accountId as it was: old and new value hash are the same key.
        Set<IndexKey> keys = new HashSet<>(Set.of(accountKey(from), accountKey(to)));
        return new WriteSummary(-1, documents, keys, Set.of(TABLE_ID), false);
    }

    private static IndexKey accountKey(int account) {
        Hash valueHash = IonHash.of(SampleDocuments.ION.newString(SampleDocuments.accountId(account)));
        return new IndexKey(TABLE_ID, INDEX_ID, valueHash);
    }

    private static String documentId(int account) {
        return String.format("5PLf9SXwndd7sz%08d", account);
    }

    /** Validation of a transfer's read set: 2 index-key and 2 document lookups, no conflict. */
    @Benchmark
    public boolean conflicts() {
        return index.conflicts(snapshotSequenceNo, readSets[next++ & (CASES - 1)]);
    }

    /**
     * Recording an accepted transfer's writes (2 documents, 2 index keys, 1 table); the same 1,024 transfers are
     * recorded again and again, so the index stays at its set-up size.
     */
    @Benchmark
    public int record() {
        index.record(writes[next++ & (CASES - 1)].at(nextSequenceNo++));
        return index.size();
    }
}
