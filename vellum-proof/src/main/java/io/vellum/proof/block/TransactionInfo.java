package io.vellum.proof.block;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonSystemBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.hash.IonHashEncoder;
import io.vellum.proof.hash.SharedIon;

/**
 * A block's {@code transactionInfo} (COMPATIBILITY.md §5): the transaction's statements and the documents it wrote, keyed by
 * document id in insertion order. Its Ion Hash is an entry of the block's {@code entriesHashList}.
 *
 * <p>{@code ion} is the exact Ion value that is hashed and printed. Built from statements and documents (the
 * two-argument constructor), it is their canonical encoding
 * {@code {statements:[{statement, startTime, statementDigest}…], documents:{<id>:{tableName, tableId, statements}…}}}.
 * Read from a QLDB block ({@link #fromIon}), it is the original value, kept because the hash must be computed over
 * exactly what QLDB hashed, including anything this model does not represent. Either way {@code statements} and
 * {@code documents} are what {@code ion} says (the canonical constructor checks it). Immutable and thread-safe;
 * {@code ion} is read-only.
 *
 * <p>The hash of a canonically encoded transaction info is streamed from the statements and documents, without
 * walking {@code ion} (the commit path computes one per transaction):
 * <pre>
 * hash       = H(B 0xD0 esc(sorted h("statements", list(statement...)), h("documents", documents)) E)
 * statement  = B 0xD0 esc(sorted h("statement", 0x80 UTF-8 text), h("startTime", timestamp),
 *                                h("statementDigest", 0xA0 digest)) E
 * documents  = B 0xD0 esc(sorted h(id, B 0xD0 esc(sorted h("tableName", 0x80 UTF-8), h("tableId", 0x80 UTF-8),
 *                                                        h("statements", list(int...))) E)...) E
 * list(v...) = B 0xB0 v... E;   h(name, value) = H(B 0x70 esc(UTF-8(name)) E value)
 * </pre>
 * (every scalar {@code B TQ esc(representation) E} as {@link IonHashEncoder} documents). A canonical {@code ion}
 * is one this class encoded itself (the two-argument constructor); an {@code ion} passed in from outside, even one
 * of the canonical {@link IonSystem}, is copied to another system first and hashed as it is, so a value changed
 * after a clone never takes the streamed path.
 *
 * <p>A canonical {@code ion} is built only when asked for ({@link #ion()}, {@link #equals}): the commit path needs
 * only the hash (streamed) and the journal's bytes ({@link #writeTo} streams the same writer calls the built value
 * would make), and building the value was a twentieth of a transaction's commit preparation. Equality, hash code
 * and string form are a record's over {@code statements}, {@code documents} and {@code ion}.
 */
public final class TransactionInfo {
    private static final Set<String> FIELDS = Set.of("statements", "documents");
    private static final Set<String> STATEMENT_FIELDS = Set.of("statement", "startTime", "statementDigest");
    private static final Set<String> DOCUMENT_FIELDS = Set.of("tableName", "tableId", "statements");
    /** The system of canonically encoded {@code ion} values, and only of those (see the class comment). */
    private static final IonSystem CANONICAL = IonSystemBuilder.standard().build();

    /**
     * The read-only value {@link #fromIon} just parsed into the statements and documents it passes to the canonical
     * constructor, which then need not parse it a second time to check that they describe it (a follower decodes
     * every replicated block: the second parse was a twentieth of its verification). Identity, not equality: any
     * other value is parsed and compared.
     */
    private static final ThreadLocal<IonStruct> PARSED = new ThreadLocal<>();

    private final List<StatementInfo> statements;
    private final Map<String, DocumentInfo> documents;
    /** Whether this class encodes {@link #ion} from the statements and documents (the two-argument constructor). */
    private final boolean canonical;
    /** The value; for a canonical one null until first asked for, then built once (a race builds equal values). */
    private volatile IonStruct ion;

    /**
     * @param ion the Ion value describing exactly these statements and documents, or null to encode them
     * @throws IllegalArgumentException when {@code ion} does not describe {@code statements} and {@code documents}
     */
    public TransactionInfo(List<StatementInfo> statements, Map<String, DocumentInfo> documents, IonStruct ion) {
        statements = List.copyOf(statements);
        Map<String, DocumentInfo> copy = new LinkedHashMap<>();
        for (Map.Entry<String, DocumentInfo> entry : documents.entrySet()) {
            copy.put(Objects.requireNonNull(entry.getKey(), "document id"),
                    Objects.requireNonNull(entry.getValue(), "document info"));
        }
        documents = Collections.unmodifiableMap(copy);
        this.statements = statements;
        this.documents = documents;
        this.canonical = ion == null;
        if (ion != null) {
            if (ion.getSystem() == CANONICAL) {
                ion = SharedIon.SYSTEM.clone(ion);
            }
            ion = IonEncoding.readOnly(ion);
            Content described = ion == PARSED.get() ? new Content(statements, documents)
                    : parse(ion, "transactionInfo");
            if (!described.statements.equals(statements)
                    || !new ArrayList<>(described.documents.entrySet()).equals(new ArrayList<>(documents.entrySet()))) {
                throw new IllegalArgumentException("transactionInfo Ion " + ion
                        + " does not describe statements " + statements + " and documents " + documents);
            }
        }
        this.ion = ion;
    }

    /** Transaction info of these statements and documents, encoded canonically. */
    public TransactionInfo(List<StatementInfo> statements, Map<String, DocumentInfo> documents) {
        this(statements, documents, null);
    }

    /** The statements, in execution order. */
    public List<StatementInfo> statements() {
        return statements;
    }

    /** The documents written, by id in insertion order. */
    public Map<String, DocumentInfo> documents() {
        return documents;
    }

    /** The exact Ion value that is hashed and printed (read-only); see the class description. */
    public IonStruct ion() {
        IonStruct value = ion;
        if (value == null) {
            value = IonEncoding.toStruct(CANONICAL, writer -> encode(writer, statements, documents));
            value.makeReadOnly();
            ion = value;
        }
        return value;
    }

    /** The Ion Hash of {@link #ion}: the {@code entriesHashList} entry of this transaction info. */
    public Hash hash() {
        return canonical ? IonHash.ofStreamed(this::hashTo) : IonHash.of(ion);
    }

    /** The hashed form of {@link #encode}: the same fields with the same values. */
    private void hashTo(IonHashEncoder encoder) {
        encoder.stepInStruct();
        encoder.fieldName("statements");
        encoder.stepInList();
        for (StatementInfo statement : statements) {
            statement.hashTo(encoder);
        }
        encoder.stepOut();
        encoder.fieldName("documents");
        encoder.stepInStruct();
        for (Map.Entry<String, DocumentInfo> document : documents.entrySet()) {
            encoder.fieldName(document.getKey());
            document.getValue().hashTo(encoder);
        }
        encoder.stepOut();
        encoder.stepOut();
    }

    /** Writes {@link #ion}; a canonical one is written straight from the statements and documents. */
    public void writeTo(IonWriter writer) throws IOException {
        if (canonical) {
            encode(writer, statements, documents);
        } else {
            ion.writeTo(writer);
        }
    }

    public IonStruct toIon(IonSystem system) {
        return IonEncoding.toStruct(system, this::writeTo);
    }

    /**
     * Reads a block's {@code transactionInfo}, keeping the value itself for hashing. Fields other than
     * {@code statements} and {@code documents} are tolerated (and kept in {@link #ion}); the known ones must have
     * QLDB's shape.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} naming the offending field
     */
    public static TransactionInfo fromIon(IonValue value) {
        return fromIon(value, "transactionInfo");
    }

    static TransactionInfo fromIon(IonValue value, String path) {
        IonStruct struct = IonFields.struct(value, path);
        if (struct.getSystem() != CANONICAL) {
            struct = IonEncoding.readOnly(struct);
        }
        Content parsed = parse(struct, path);
        PARSED.set(struct);
        try {
            return new TransactionInfo(parsed.statements, parsed.documents, struct);
        } finally {
            PARSED.remove();
        }
    }


    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof TransactionInfo that && statements.equals(that.statements)
                && documents.equals(that.documents) && ion().equals(that.ion());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * statements.hashCode() + documents.hashCode()) + ion().hashCode();
    }

    @Override
    public String toString() {
        return "TransactionInfo[statements=" + statements + ", documents=" + documents + ", ion=" + ion() + "]";
    }

    /** What a transactionInfo Ion value says. */
    private record Content(List<StatementInfo> statements, Map<String, DocumentInfo> documents) {
    }

    private static Content parse(IonStruct struct, String path) {
        IonFields fields = IonFields.lenient(struct, path, FIELDS);
        List<StatementInfo> statements = new ArrayList<>();
        if (fields.has("statements")) {
            IonList list = fields.list("statements");
            for (int i = 0; i < list.size(); i++) {
                String itemPath = fields.path("statements") + "[" + i + "]";
                IonFields statement = IonFields.lenient(list.get(i), itemPath, STATEMENT_FIELDS);
                statements.add(new StatementInfo(statement.string("statement"), statement.timestamp("startTime"),
                        statement.hash("statementDigest")));
            }
        }
        Map<String, DocumentInfo> documents = new LinkedHashMap<>();
        if (fields.has("documents")) {
            IonStruct documentStruct = IonFields.struct(fields.required("documents"), fields.path("documents"));
            for (IonValue document : documentStruct) {
                String id = document.getFieldName();
                if (id == null) {
                    throw IonFields.invalid(fields.path("documents"), "has a document whose id has no text");
                }
                String documentPath = fields.path("documents") + "." + id;
                IonFields info = IonFields.lenient(document, documentPath, DOCUMENT_FIELDS);
                IonList indexes = info.list("statements");
                List<Integer> statementIndexes = new ArrayList<>(indexes.size());
                for (int i = 0; i < indexes.size(); i++) {
                    statementIndexes.add(IonFields.intValue(indexes.get(i), info.path("statements") + "[" + i + "]"));
                }
                if (documents.put(id, new DocumentInfo(info.string("tableName"), info.string("tableId"),
                        statementIndexes)) != null) {
                    throw IonFields.invalid(fields.path("documents"), "has document '" + id + "' more than once");
                }
            }
        }
        return new Content(statements, documents);
    }

    /** The canonical encoding, in QLDB's field order. */
    private static void encode(IonWriter writer, List<StatementInfo> statements, Map<String, DocumentInfo> documents)
            throws IOException {
        writer.stepIn(IonType.STRUCT);
        writer.setFieldName("statements");
        writer.stepIn(IonType.LIST);
        for (StatementInfo statement : statements) {
            statement.writeTo(writer);
        }
        writer.stepOut();
        writer.setFieldName("documents");
        writer.stepIn(IonType.STRUCT);
        for (Map.Entry<String, DocumentInfo> document : documents.entrySet()) {
            writer.setFieldName(document.getKey());
            document.getValue().writeTo(writer);
        }
        writer.stepOut();
        writer.stepOut();
    }
}
