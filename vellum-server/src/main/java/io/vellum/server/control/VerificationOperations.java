package io.vellum.server.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.proof.verify.BlockProof;
import io.vellum.engine.Ledger;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.verify.ProofText;
import io.vellum.server.hosting.LedgerRegistry;
import java.util.List;
import java.util.regex.Pattern;

/**
 * QLDB's verification operations (COMPATIBILITY.md §9, §7): GetDigest, GetRevision and GetBlock, with {@code IonText} printed
 * exactly as QLDB prints it. A proof is returned only when the request names a {@code DigestTipAddress}, as QLDB
 * does; it then folds the revision (block) hash to the digest at that tip.
 *
 * <p>Request checks happen before the ledger is asked, so each failure names the member at fault: an address of
 * another strand or beyond the last committed block is an invalid {@code BlockAddress} (QLDB's answer for an
 * unknown block) or {@code DigestTipAddress}; a tip before the block is an invalid {@code DigestTipAddress}; a
 * document with no revision in the block is an invalid {@code DocumentId}.
 */
final class VerificationOperations {
    /** QLDB document ids: 22 Base62 characters (the model allows letters, digits and '-'). */
    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9-]{22}");

    private final LedgerRegistry registry;
    private final ControlPlaneResponses responses;

    VerificationOperations(LedgerRegistry registry, ControlPlaneResponses responses) {
        this.registry = registry;
        this.responses = responses;
    }

    /** {@code POST /ledgers/{name}/digest}: {@code {Digest, DigestTipAddress:{IonText}}}. */
    ObjectNode digest(String name) {
        Ledger ledger = ledger(name);
        LedgerDigest digest = LedgerFailures.call(name, null, ledger::digest);
        ObjectNode body = responses.object();
        body.put("Digest", digest.digest().toBase64());
        body.set("DigestTipAddress", ionText(digest.tipAddress().toIonText()));
        return body;
    }

    /** {@code POST /ledgers/{name}/revision}: {@code {Revision:{IonText}, Proof:{IonText}}}. */
    ObjectNode revision(String name, RequestMembers request) {
        BlockAddress block = request.requiredBlockAddress("BlockAddress");
        String documentId = request.requiredString("DocumentId");
        if (!DOCUMENT_ID.matcher(documentId).matches()) {
            throw ControlPlaneException.invalidParameter("DocumentId",
                    "DocumentId must be 22 characters of letters and digits, got " + documentId);
        }
        BlockAddress tip = request.optionalBlockAddress("DigestTipAddress");
        Ledger ledger = ledger(name);
        checkAddresses(ledger, block, tip);
        RevisionProof revision;
        try {
            // Without a tip the proof to the block's own digest is computed and dropped: the engine has no
            // revision read without proof, and the extra work is a few hashes.
            revision = ledger.revision(block, documentId, tip != null ? tip : block);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.INVALID_REQUEST) {
                throw ControlPlaneException.invalidParameter("DocumentId", "Document " + documentId
                        + " has no revision in block " + block.toIonText() + " (" + e.getMessage() + ")");
            }
            throw LedgerFailures.of(e, name, null);
        }
        ObjectNode body = responses.object();
        body.set("Revision", ionText(QldbIonText.revision(revision.revision())));
        if (tip != null) {
            body.set("Proof", ionText(ProofText.format(revision.proof())));
        }
        return body;
    }

    /** {@code POST /ledgers/{name}/block}: {@code {Block:{IonText}, Proof:{IonText}}}. */
    ObjectNode block(String name, RequestMembers request) {
        BlockAddress address = request.requiredBlockAddress("BlockAddress");
        BlockAddress tip = request.optionalBlockAddress("DigestTipAddress");
        Ledger ledger = ledger(name);
        checkAddresses(ledger, address, tip);
        JournalBlock block;
        List<Hash> proof = null;
        if (tip != null) {
            BlockProof proven = LedgerFailures.call(name, "BlockAddress", () -> ledger.block(address, tip));
            block = proven.block();
            proof = proven.proof();
        } else {
            block = LedgerFailures.call(name, "BlockAddress", () -> ledger.readBlock(address));
        }
        ObjectNode body = responses.object();
        body.set("Block", ionText(QldbIonText.block(block)));
        if (proof != null) {
            body.set("Proof", ionText(ProofText.format(proof)));
        }
        return body;
    }

    private Ledger ledger(String name) {
        return LedgerFailures.call(name, null, () -> registry.ledger(name));
    }

    /** Checks both addresses against the ledger's strand and last committed block, naming the member at fault. */
    private static void checkAddresses(Ledger ledger, BlockAddress block, BlockAddress tip) {
        String strandId = ledger.strandId();
        long last = ledger.digest().tipAddress().sequenceNo();
        checkCommitted("BlockAddress", block, strandId, last);
        if (tip != null) {
            checkCommitted("DigestTipAddress", tip, strandId, last);
            if (tip.sequenceNo() < block.sequenceNo()) {
                throw ControlPlaneException.invalidParameter("DigestTipAddress", "DigestTipAddress sequenceNo "
                        + tip.sequenceNo() + " precedes BlockAddress sequenceNo " + block.sequenceNo()
                        + "; a digest covers only blocks up to its tip");
            }
        }
    }

    private static void checkCommitted(String member, BlockAddress address, String strandId, long last) {
        if (!address.strandId().equals(strandId)) {
            throw ControlPlaneException.invalidParameter(member, member + " names strand " + address.strandId()
                    + " but this ledger's strand is " + strandId);
        }
        if (address.sequenceNo() > last) {
            throw ControlPlaneException.invalidParameter(member, member + " sequenceNo " + address.sequenceNo()
                    + " is beyond the last committed block " + last);
        }
    }

    private ObjectNode ionText(String text) {
        ObjectNode holder = responses.object();
        holder.put("IonText", text);
        return holder;
    }
}
