package io.vellum.server.nativeapi;

import io.vellum.proof.verify.BlockProof;
import io.vellum.engine.Ledger;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.control.QldbIonText;

/**
 * Digests, revisions and blocks with proofs, as plain JSON plus QLDB's shapes under {@code qldb}:
 * <ul>
 *   <li>{@code GET /v1/ledgers/{name}/digest} → {@code {"ledger", "digest", "tipAddress", "signature",
 *       "qldb": {"GetDigest"}}} (the signature: {@link NativeSignedDigests});</li>
 *   <li>{@code GET /v1/ledgers/{name}/revisions/{documentId}?blockSequenceNo=N[&tip=M]} →
 *       {@code {"revision", "proof", "digest", "qldb": {"GetRevision", "GetDigest"}}};</li>
 *   <li>{@code GET /v1/ledgers/{name}/blocks/{sequenceNo}[?tip=M]} →
 *       {@code {"block", "proof", "digest", "qldb": {"GetBlock", "GetDigest"}}}.</li>
 * </ul>
 * The proof folds the revision (block) hash to the digest at {@code tip}, by default the latest block. To check
 * against a digest saved earlier, pass its tip: a proof to a digest that came in the same response only shows the
 * response is consistent with itself.
 *
 * <p>Errors: a block after the last committed one is 404 NOT_FOUND, as is a document without a revision in the block;
 * a tip before the block or after the last committed block, or a malformed number, is 400 INVALID_REQUEST.
 */
final class NativeProofs {
    private final LedgerRegistry registry;

    NativeProofs(LedgerRegistry registry) {
        this.registry = registry;
    }

    HttpResponse digest(String name) {
        Ledger ledger = registry.ledger(name);
        LedgerDigest digest = ledger.digest();
        return NativeResponses.json(200, json -> {
            json.writeStartObject();
            json.writeStringField("ledger", name);
            json.writeStringField("digest", digest.digest().toBase64());
            NativeJson.address(json, "tipAddress", digest.tipAddress());
            NativeSignedDigests.signature(json, ledger, name, digest);
            json.writeObjectFieldStart("qldb");
            NativeJson.qldbDigest(json, digest);
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    HttpResponse revision(String name, String documentId, HttpRequest request) {
        Ledger ledger = registry.ledger(name);
        String blockText = request.queryParameter("blockSequenceNo");
        if (blockText == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "the query parameter blockSequenceNo is required: "
                    + "the sequence number of the block that wrote the revision (its blockAddress.sequenceNo)");
        }
        BlockAddress block = committedBlock(ledger, sequenceNumber("blockSequenceNo", blockText));
        BlockAddress tip = tip(ledger, block, request.queryParameter("tip"));
        RevisionProof proven = ledger.revision(block, documentId, tip);
        return proven("revision", proven.revision().toIon(NativeEndpoint.ION), "GetRevision", "Revision",
                QldbIonText.revision(proven.revision()), proven.proof(), ledger.digest(tip));
    }

    HttpResponse block(String name, String sequenceNumberText, HttpRequest request) {
        Ledger ledger = registry.ledger(name);
        BlockAddress address = committedBlock(ledger, sequenceNumber("block sequence number", sequenceNumberText));
        BlockAddress tip = tip(ledger, address, request.queryParameter("tip"));
        BlockProof proven = ledger.block(address, tip);
        return proven("block", proven.block().toIon(NativeEndpoint.ION), "GetBlock", "Block",
                QldbIonText.block(proven.block()), proven.proof(), ledger.digest(tip));
    }

    /**
     * A proven revision or block as plain JSON ({@code field}, {@code proof}, {@code digest}) plus QLDB's response
     * shapes under {@code qldb} (the {@code operation} and GetDigest), so the answer feeds {@code vellum verify}.
     */
    private static HttpResponse proven(String field, com.amazon.ion.IonValue value, String operation, String member,
                                       String ionText, java.util.List<io.vellum.proof.hash.Hash> proof,
                                       io.vellum.proof.block.LedgerDigest digest) {
        return NativeResponses.json(200, json -> {
            json.writeStartObject();
            json.writeFieldName(field);
            IonToJson.write(value, json);
            NativeJson.proof(json, "proof", proof);
            NativeJson.digest(json, "digest", digest);
            json.writeObjectFieldStart("qldb");
            NativeJson.qldbProven(json, operation, member, ionText, proof);
            NativeJson.qldbDigest(json, digest);
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** The block's address; NOT_FOUND when it is after the last committed block. */
    private static BlockAddress committedBlock(Ledger ledger, long sequenceNo) {
        long last = ledger.digest().tipAddress().sequenceNo();
        if (sequenceNo > last) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "block " + sequenceNo
                    + " is not committed; the last committed block is " + last);
        }
        return new BlockAddress(ledger.strandId(), sequenceNo);
    }

    /** The tip to prove to: {@code tipText}, or the latest block when absent. */
    private static BlockAddress tip(Ledger ledger, BlockAddress block, String tipText) {
        if (tipText == null) {
            return ledger.digest().tipAddress();
        }
        long tip = sequenceNumber("tip", tipText);
        long last = ledger.digest().tipAddress().sequenceNo();
        if (tip < block.sequenceNo() || tip > last) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "tip " + tip + " must be from the block's sequence "
                    + "number " + block.sequenceNo() + " to the last committed block " + last);
        }
        return new BlockAddress(ledger.strandId(), tip);
    }

    /** {@code text} as a non-negative sequence number; INVALID_REQUEST naming {@code what} otherwise. */
    static long sequenceNumber(String what, String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LedgerException(ErrorCode.INVALID_REQUEST, what + " must be a non-negative integer, got '"
                + text + "'");
    }
}
