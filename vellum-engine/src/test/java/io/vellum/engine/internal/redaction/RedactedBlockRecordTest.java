package io.vellum.engine.internal.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.BlockRevision;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.RevisionMetadata;
import io.vellum.proof.block.StatementInfo;
import io.vellum.proof.block.TransactionInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact payload of a rewritten record: the same block back, at every padded length (Ion NOP pads). */
class RedactedBlockRecordTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String STRAND = "strand0000000000000000";
    private static final Timestamp TIME = Timestamp.valueOf("2026-12-06T05:00:00.000Z");

    private static JournalBlock block(IonStruct data) {
        BlockAddress address = new BlockAddress(STRAND, 7);
        Revision revision = Revision.create(address, data, new RevisionMetadata("doc0000000000000000000", 0, TIME,
                "tx00000000000000000000"));
        Revision deleted = Revision.create(address, null, new RevisionMetadata("doc1111111111111111111", 3, TIME,
                "tx00000000000000000000"));
        TransactionInfo info = new TransactionInfo(List.of(new StatementInfo("INSERT INTO T ?", TIME,
                IonHash.of(ION.newString("s")))), Map.of(
                "doc0000000000000000000", new DocumentInfo("T", "table00000000000000000", List.of(0)),
                "doc1111111111111111111", new DocumentInfo("T", "table00000000000000000", List.of(0))));
        return JournalBlock.seal(address, "tx00000000000000000000", TIME, IonHash.of(ION.newString("previous")),
                info, List.<BlockRevision>of(revision, deleted));
    }

    @Test
    void decodesToTheSameBlockAtEveryPaddedLength() {
        JournalBlock original = block((IonStruct) ION.singleValue("{}"));
        JournalBlock redacted = withFirstRevisionRedacted(original);
        int smallest = original.toIonBinary().length;
        while (true) {
            try {
                RedactedBlockRecord.encode(ION, redacted, smallest - 1);
                smallest--;
            } catch (LedgerException tooShort) {
                break;
            }
        }
        assertThat(smallest).as("the compact form of a block with an empty document fits its old record")
                .isLessThanOrEqualTo(original.toIonBinary().length);
        // Every padding size up to and past the one-byte and two-byte VarUInt boundaries of Ion's NOP pad.
        for (int length = smallest; length <= smallest + 20_000; length += length < smallest + 400 ? 1 : 997) {
            byte[] payload = RedactedBlockRecord.encode(ION, redacted, length);
            assertThat(payload).hasSize(length);
            assertThat(RedactedBlockRecord.isCompact(ION, payload)).isTrue();
            JournalBlock decoded = RedactedBlockRecord.decode(ION, payload);
            assertThat(decoded).as("length " + length).isEqualTo(redacted);
            assertThat(decoded.blockHash()).isEqualTo(original.blockHash());
            decoded.verify();
        }
        assertThat(RedactedBlockRecord.isCompact(ION, original.toIonBinary())).isFalse();
    }

    @Test
    void aBlockThatCannotFitIsRefusedNotCut() {
        JournalBlock redacted = withFirstRevisionRedacted(block((IonStruct) ION.singleValue("{a:1}")));
        assertThatThrownBy(() -> RedactedBlockRecord.encode(ION, redacted, 10))
                .isInstanceOf(LedgerException.class).hasMessageContaining("more than its record's 10");
    }

    private static JournalBlock withFirstRevisionRedacted(JournalBlock block) {
        List<BlockRevision> revisions = new java.util.ArrayList<>(block.revisions());
        revisions.set(0, ((Revision) revisions.get(0)).redact());
        return new JournalBlock(block.blockAddress(), block.transactionId(), block.blockTimestamp(),
                block.blockHash(), block.entriesHash(), block.previousBlockHash(), block.entriesHashList(),
                block.transactionInfo(), block.redactionInfo(), revisions);
    }

    @Test
    void theRedactedRevisionKeepsItsHash() {
        IonStruct data = (IonStruct) ION.singleValue("{name:\"x\"}");
        JournalBlock original = block(data);
        JournalBlock decoded = RedactedBlockRecord.decode(ION, RedactedBlockRecord.encode(ION,
                withFirstRevisionRedacted(original), original.toIonBinary().length));
        Revision revision = (Revision) decoded.revisions().get(0);
        assertThat(revision.dataHash()).isEqualTo(IonHash.of(data));
        assertThat(revision.hash()).isEqualTo(original.revisions().get(0).hash());
    }
}
