package io.vellum.cluster.internal;

import io.vellum.engine.internal.commit.LedgerReplica;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.VerificationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A reader's check of a redacted form ({@link BlockRecords#redactedForm}) of a block it holds: the form must be that
 * block with nothing changed but redacted data, that is, decode to a block of the same sequence number whose hashes
 * recompute ({@link JournalBlock#verify()}) to the block hash this node holds. The node does not store it: its own
 * copy of the block is erased by applying the redaction block, which precedes the form in the topic.
 */
final class RedactedForms {
    private RedactedForms() {
    }

    /**
     * Whether two payloads that differ in bytes are the same block, one with data the other has redacted: both
     * decode, their hashes recompute, and their block hashes are equal.
     */
    static boolean sameBlock(byte[] payload, byte[] other) {
        try {
            JournalBlock one = JournalBlock.fromIonBinary(payload);
            JournalBlock two = JournalBlock.fromIonBinary(other);
            one.verify();
            two.verify();
            return one.blockAddress().equals(two.blockAddress()) && one.blockHash().equals(two.blockHash());
        } catch (LedgerException e) {
            return false;
        }
    }

    /**
     * @throws VerificationException when the form's block hash is not the held block's, or its hashes do not recompute
     * @throws LedgerException       CORRUPTION when the record is not a block of the sequence number its key names
     */
    static void check(LedgerTopic topic, ConsumerRecord<byte[], byte[]> record, LedgerReplica replica) {
        long sequenceNo = BlockRecords.sequenceNo(topic, record);
        String what = "ledger " + topic.ledger() + ": the redacted form of block " + sequenceNo + " at offset "
                + record.offset() + " of topic " + topic.name();
        JournalBlock form;
        try {
            form = JournalBlock.fromIonBinary(record.value());
        } catch (LedgerException e) {
            throw new LedgerException(ErrorCode.CORRUPTION, what + " is not a block: " + e.getMessage(), e);
        }
        if (form.blockAddress().sequenceNo() != sequenceNo) {
            throw new LedgerException(ErrorCode.CORRUPTION, what + " holds block "
                    + form.blockAddress().sequenceNo() + " instead");
        }
        form.verify();
        JournalBlock held = JournalBlock.fromIonBinary(replica.blockPayload(sequenceNo));
        if (!held.blockHash().equals(form.blockHash())) {
            throw new VerificationException(what + ": its block hash must be the hash of the block this node holds",
                    held.blockHash(), form.blockHash());
        }
    }
}
