package io.vellum.proof.golden;

import static io.vellum.proof.golden.GoldenVectors.ION;

import com.amazon.ion.IonBlob;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.RevisionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code revisions.ion}: {@code {name, expect, revision}}, the revision in QLDB's committed-view form
 * ({@code blockAddress, hash, data | dataHash, metadata}). Checking a case recomputes the hash from the contents;
 * a negative (hash byte flipped, a data value or the version changed) must fail with {@value #CONDITION}.
 */
final class GoldenRevisions {
    static final String CONDITION = "hash = dot(ionHash(metadata), ";
    static final String STRAND = "GoldenVectorStrand0001";
    private static final Timestamp TIME = Timestamp.valueOf("2024-05-01T10:00:00.000Z");

    private GoldenRevisions() {
    }

    /** The valid revisions, by name: an insert, an update, a delete, one with every scalar type, a redacted one. */
    static List<Named> revisions() {
        List<Named> revisions = new ArrayList<>();
        IonStruct account = (IonStruct) ION.singleValue("{accountId: \"A-1\", owner: \"Zoë\", balance: 100.50}");
        revisions.add(new Named("insert", create(3, account, "Ab3dE5gH7jK9mN1pQ3sT5v", 0, "TxInsert00000000000001")));
        IonStruct updated = (IonStruct) ION.singleValue("{accountId: \"A-1\", owner: \"Zoë\", balance: 80.25}");
        revisions.add(new Named("update", create(4, updated, "Ab3dE5gH7jK9mN1pQ3sT5v", 1, "TxUpdate00000000000001")));
        revisions.add(new Named("delete", create(5, null, "Ab3dE5gH7jK9mN1pQ3sT5v", 2, "TxDelete00000000000001")));
        IonStruct scalars = (IonStruct) ION.singleValue("{n: null, tn: null.int, b: false, i: -7, big: "
                + "123456789012345678901234567890, d: 1.00, f: 2.5e0, t: 2024-05-01T10:00:00.123+01:00, s: \"ü\","
                + " y: sym, bl: {{AAsMDg==}}, cl: {{\"c\"}}, l: [1, [2]], x: (a b), a: tag::1}");
        revisions.add(new Named("every-type", create(6, scalars, "Zy8xW6vU4tS2rQ0pO9nM7l", 0, "TxTypes000000000000001")));
        Revision toRedact = create(7, account, "Rd1Rd2Rd3Rd4Rd5Rd6Rd7R", 0, "TxRedact00000000000001");
        revisions.add(new Named("redacted", toRedact.redact()));
        return revisions;
    }

    static List<IonValue> cases() {
        List<IonValue> valid = new ArrayList<>();
        List<IonValue> negatives = new ArrayList<>();
        for (Named revision : revisions()) {
            List<IonStruct> cases = casesFor(revision.name(), revision.revision().toIon(ION));
            valid.add(cases.get(0));
            negatives.addAll(cases.subList(1, cases.size()));
        }
        valid.addAll(negatives);
        return valid;
    }

    /**
     * The valid case of a revision in committed-view form (Vellum's, or QLDB's), then its negatives: hash byte
     * flipped, version changed, and when it has data, a field added to it.
     */
    static List<IonStruct> casesFor(String name, IonStruct ion) {
        List<IonStruct> cases = new ArrayList<>();
        cases.add(revisionCase(GoldenVectors.valid(name), ion, copy -> { }));
        Hash hash = Hash.of(((IonBlob) ion.get("hash")).getBytes());
        cases.add(revisionCase(GoldenVectors.negative(name + "/hash-byte-flipped", "byte 0 of hash flipped",
                CONDITION), ion, copy -> copy.put("hash", GoldenVectors.blob(GoldenVectors.flipped(hash, 0)))));
        cases.add(revisionCase(GoldenVectors.negative(name + "/version-changed", "metadata.version + 1",
                CONDITION), ion, copy -> {
                    IonStruct metadata = (IonStruct) copy.get("metadata");
                    metadata.put("version").newInt(((IonInt) metadata.get("version")).longValue() + 1);
                }));
        if (ion.containsKey("data")) {
            cases.add(revisionCase(GoldenVectors.negative(name + "/data-changed",
                    "data gets one more field, extra: 1", CONDITION), ion,
                    copy -> ((IonStruct) copy.get("data")).put("extra").newInt(1)));
        }
        return cases;
    }

    private static IonStruct revisionCase(IonStruct value, IonStruct revision, Consumer<IonStruct> mutation) {
        IonStruct copy = revision.clone();
        mutation.accept(copy);
        value.put("revision", copy);
        return value;
    }

    private static Revision create(long sequenceNo, IonStruct data, String id, int version, String txId) {
        return Revision.create(new BlockAddress(STRAND, sequenceNo), data, new RevisionMetadata(id, version, TIME,
                txId));
    }

    /** A revision and its case name. */
    record Named(String name, Revision revision) {
    }
}
