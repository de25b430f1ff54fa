package io.vellum.bench.micro;

import com.amazon.ion.IonStruct;
import com.amazon.ion.Timestamp;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.BlockRevision;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.RevisionMetadata;
import io.vellum.proof.block.TransactionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hashing a commit does per revision and per block (DESIGN.md "Hashing"): revision hash
 * {@code dot(ionHash(metadata), ionHash(data))}, the transactionInfo hash, and sealing a block of 3 or 40 revisions
 * (revisions root, entries hash, block hash) the way the committer does (transactionInfo hash computed beforehand
 * on the transaction's thread). Also the block's Ion binary encoding, which the committer writes to the journal
 * right after sealing and which is part of the same single-threaded step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RevisionHashBenchmark {

    /** One wallet account revision's parts. */
    @State(Scope.Thread)
    public static class OneRevision {
        final BlockAddress address = new BlockAddress(SampleDocuments.STRAND, 1234);
        final IonStruct data = SampleDocuments.account(42);
        final RevisionMetadata metadata = SampleDocuments.metadata(42, 7);
        final TransactionInfo transferInfo = SampleDocuments.transactionInfo(2);
    }

    /** The revisions and transactionInfo of a block of {@code revisions} account updates. */
    @State(Scope.Thread)
    public static class Block {
        @Param({"3", "40"})
        public int revisions;

        final BlockAddress address = new BlockAddress(SampleDocuments.STRAND, 1234);
        final Timestamp blockTime = Timestamp.valueOf("2026-11-27T12:00:00.125Z");
        final Hash previousBlockHash = Hash.sha256(new byte[] {1, 2, 3});
        List<BlockRevision> blockRevisions;
        TransactionInfo transactionInfo;
        Hash transactionInfoHash;
        JournalBlock sealed;

        @Setup
        public void setUp() {
            blockRevisions = new ArrayList<>(SampleDocuments.accountRevisions(address.sequenceNo(), revisions));
            transactionInfo = SampleDocuments.transactionInfo(revisions);
            transactionInfoHash = transactionInfo.hash();
            sealed = seal(this);
            sealed.verify();
        }
    }

    /** {@code ionHash(metadata)}: builds the metadata struct, then hashes it. */
    @Benchmark
    public Hash metadataHash(OneRevision revision) {
        return revision.metadata.ionHash();
    }

    /** A new revision of a 140-byte account with its hash: two Ion hashes and one {@code dot}. */
    @Benchmark
    public Revision revisionHash(OneRevision revision) {
        return Revision.create(revision.address, revision.data, revision.metadata);
    }

    /** {@code ionHash(transactionInfo)} of a transfer (2 SELECTs, 2 UPDATEs, 2 documents). */
    @Benchmark
    public Hash transactionInfoHash(OneRevision revision) {
        return revision.transferInfo.hash();
    }

    /** What the committer's {@code buildBlock} hashes: revisions root, entries hash, block hash. */
    @Benchmark
    public JournalBlock sealBlock(Block block) {
        return seal(block);
    }

    /** The journal record payload of the sealed block. */
    @Benchmark
    public byte[] blockToIonBinary(Block block) {
        return block.sealed.toIonBinary();
    }

    private static JournalBlock seal(Block block) {
        return JournalBlock.seal(block.address, "8Xw1mQcAPl2BZ3Wk8yTnAF", block.blockTime, block.previousBlockHash,
                block.transactionInfo, block.transactionInfoHash, null, block.blockRevisions);
    }
}
