package io.vellum.engine.internal.redaction;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import io.vellum.engine.catalog.Catalog;
import io.vellum.engine.internal.apply.StoredRevision;
import io.vellum.engine.query.QueryContext;
import io.vellum.engine.store.StoreSnapshot;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * QLDB's {@code EXEC redact_revision `block-address`, 'table-id', 'document-id'}: the rules a request must meet,
 * and the {@code redactionInfo} its block carries.
 *
 * <p>Rules (QLDB's developer guide, "REDACT_REVISION stored procedure"): the block address is an Ion struct
 * {@code {strandId, sequenceNo}} of this ledger; the table exists (active or dropped; not the system catalog); the
 * document has a revision committed in that block; that revision is not the document's latest (the latest active
 * revision is never eligible), not a delete (it has no data), and not redacted already; a transaction redacts at
 * most one revision.
 */
public final class RevisionRedaction {
    private RevisionRedaction() {
    }

    /** A validated redaction request: the revision {@code version} of {@code documentId}, committed in {@code sequenceNo}. */
    public record Request(long sequenceNo, String tableId, String documentId, long version) {
        public String describe() {
            return "version " + version + " of document " + documentId + " in table " + tableId + " (block "
                    + sequenceNo + ")";
        }

        /** QLDB's answer to {@code EXEC redact_revision}: {@code {blockAddress, tableId, documentId, version}}. */
        public IonStruct toIon(IonSystem ion, String strandId) {
            IonStruct answer = ion.newEmptyStruct();
            IonStruct address = answer.put("blockAddress").newEmptyStruct();
            address.put("strandId").newString(strandId);
            address.put("sequenceNo").newInt(sequenceNo);
            answer.put("tableId").newString(tableId);
            answer.put("documentId").newString(documentId);
            answer.put("version").newInt(version);
            return answer;
        }

        /** The block's {@code redactionInfo}: {@code {revisions:[{blockAddress, tableId, documentId, version}]}}. */
        public IonStruct redactionInfo(IonSystem ion, String strandId) {
            IonStruct info = ion.newEmptyStruct();
            info.put("revisions").newEmptyList().add(toIon(ion, strandId));
            return info;
        }
    }

    /** The requests of a block's {@code redactionInfo} (a Vellum block's or an imported QLDB block's). */
    public static List<Request> fromRedactionInfo(IonStruct redactionInfo, long blockSequenceNo) {
        List<Request> requests = new ArrayList<>();
        if (redactionInfo == null) {
            return requests;
        }
        if (!(redactionInfo.get("revisions") instanceof IonList revisions)) {
            throw corrupt(blockSequenceNo, "redactionInfo has no revisions list");
        }
        for (IonValue entry : revisions) {
            if (!(entry instanceof IonStruct revision)
                    || !(revision.get("blockAddress") instanceof IonStruct address)
                    || !(address.get("sequenceNo") instanceof IonInt sequenceNo)
                    || !(revision.get("tableId") instanceof IonText tableId)
                    || !(revision.get("documentId") instanceof IonText documentId)
                    || !(revision.get("version") instanceof IonInt version)) {
                throw corrupt(blockSequenceNo, "a redactionInfo revision is not {blockAddress, tableId, documentId, "
                        + "version}");
            }
            requests.add(new Request(sequenceNo.longValue(), tableId.stringValue(), documentId.stringValue(),
                    version.longValue()));
        }
        return requests;
    }

    private static LedgerException corrupt(long blockSequenceNo, String problem) {
        return new LedgerException(ErrorCode.CORRUPTION, "block " + blockSequenceNo + ": " + problem);
    }

    /**
     * Checks the three arguments against the rules and the transaction's snapshot.
     *
     * @throws LedgerException INVALID_REQUEST for a malformed argument or a revision that may not be redacted;
     *                         NOT_FOUND for an unknown table or no revision of the document at that address
     */
    public static Request validate(QueryContext context, IonValue blockAddress, IonValue tableIdValue,
                            IonValue documentIdValue, StoreSnapshot snapshot, long committedSequenceNo,
                            String strandId) {
        if (!(blockAddress instanceof IonStruct address) || address.isNullValue()
                || !(address.get("strandId") instanceof IonText strand) || strand.isNullValue()
                || !(address.get("sequenceNo") instanceof IonInt sequence) || sequence.isNullValue()
                || address.size() != 2) {
            throw invalid("the block address (argument 1) must be an Ion struct {strandId: <string>, sequenceNo: "
                    + "<int>}, got " + shown(blockAddress));
        }
        String tableId = text(tableIdValue, "the table id (argument 2)");
        String documentId = text(documentIdValue, "the document id (argument 3)");
        if (!strand.stringValue().equals(strandId)) {
            throw invalid("the block address's strandId \"" + strand.stringValue() + "\" is not this ledger's strand \""
                    + strandId + "\"");
        }
        long sequenceNo = sequence.longValue();
        if (sequence.bigIntegerValue().bitLength() > 63 || sequenceNo < 0 || sequenceNo > committedSequenceNo) {
            throw invalid("the block address's sequenceNo " + sequence + " is not a committed block (0 to "
                    + committedSequenceNo + ")");
        }
        if (Catalog.TABLE_ID.equals(tableId) || context.tableById(tableId).isEmpty()) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "no table has the id \"" + tableId + "\"");
        }
        long revisionVersion = -1;
        byte[] revisionBytes = null;
        long latestVersion = -1;
        if (documentId.length() == io.vellum.engine.IdGenerator.LENGTH) {
            List<byte[]> revisions = new ArrayList<>();
            snapshot.forEachRevision(tableId, documentId, (id, bytes) -> revisions.add(bytes));
            for (int version = 0; version < revisions.size(); version++) {
                byte[] bytes = revisions.get(version);
                if (ByteBuffer.wrap(bytes, 0, 8).getLong() == sequenceNo) {
                    revisionVersion = version;
                    revisionBytes = bytes;
                }
            }
            latestVersion = revisions.size() - 1;
        }
        if (latestVersion < 0) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "table " + tableId + " has no document with the id \""
                    + documentId + "\"");
        }
        if (revisionBytes == null) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "document " + documentId + " of table " + tableId
                    + " has no revision in block {strandId:\"" + strandId + "\",sequenceNo:" + sequenceNo + "}");
        }
        Request request = new Request(sequenceNo, tableId, documentId, revisionVersion);
        if (revisionVersion == latestVersion) {
            throw invalid(request.describe() + " is the document's latest revision; only an earlier (inactive) "
                    + "revision can be redacted");
        }
        IonStruct body = StoredRevision.committedView(context.ion(), strandId, revisionBytes, documentId);
        if (body.containsKey("dataHash")) {
            throw invalid(request.describe() + " is redacted already");
        }
        if (!body.containsKey("data")) {
            throw invalid(request.describe() + " is a delete: it has no data to redact");
        }
        return request;
    }

    private static String text(IonValue value, String what) {
        if (!(value instanceof IonText text) || value.isNullValue()) {
            throw invalid(what + " must be a string, got " + shown(value));
        }
        return text.stringValue();
    }

    private static String shown(IonValue value) {
        if (value == null) {
            return "MISSING";
        }
        String text = value.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static LedgerException invalid(String message) {
        return new LedgerException(ErrorCode.INVALID_REQUEST, "EXEC redact_revision: " + message);
    }
}
