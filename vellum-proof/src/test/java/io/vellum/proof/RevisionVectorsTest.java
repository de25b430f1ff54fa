package io.vellum.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.RevisionMetadata;
import io.vellum.proof.hash.VerificationException;

/** The 7 real revision hashes of the vectors README, the 3 negative samples, and mutations of the good ones. */
class RevisionVectorsTest {

    private record Sample(String name, IonStruct ion) {
    }

    /** The 7 revisions whose hashes reproduce (COMPATIBILITY.md §12). */
    static List<Sample> matching() {
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample("aws-cli get-revision", ionText("aws-cli-qldb-examples/qldb-get-revision.json",
                "Revision")));
        IonStruct accord = (IonStruct) Vectors.single(
                "accord-aws-qldb-lambda/fcn-qldb-get-document-history.tests.sampleHistory.json");
        int i = 0;
        for (IonValue row : (IonList) accord.get("response")) {
            samples.add(new Sample("accord sampleHistory[" + i++ + "]", QldbJson.revision(row)));
        }
        i = 0;
        for (IonValue row : (IonList) Vectors.single("amazon-qldb-rest-api/README@e844f77.history-response.json")) {
            samples.add(new Sample("rest-api e844f77 history[" + i++ + "]", QldbJson.revision(row)));
        }
        samples.add(new Sample("kvs sampleRevisionResponse",
                ionText("amazon-qldb-kvs-nodejs/test.sampleRevisionResponse.json", "Revision")));
        samples.add(new Sample("streams corrected-derived", streamsRevision(
                "qldb-streams-lambda-python/revision_details_record.corrected-derived.ion")));
        return samples;
    }

    /** The samples the README lists as NOT matching: a verifier must reject them. */
    static List<Sample> negative() {
        List<Sample> samples = new ArrayList<>();
        int i = 0;
        for (IonValue row : (IonList) Vectors.single("amazon-qldb-rest-api/README@6f699b6.history-response.json")) {
            samples.add(new Sample("rest-api 6f699b6 history[" + i++ + "]", QldbJson.revision(row)));
        }
        i = 0;
        for (IonValue row : (IonList) Vectors.single(
                "amazon-qldb-rest-api/README@8206ba9.history-response.REFORMATTED.json")) {
            samples.add(new Sample("rest-api 8206ba9 REFORMATTED[" + i++ + "]", QldbJson.revision(row)));
        }
        samples.add(new Sample("streams as-published", streamsRevision(
                "qldb-streams-lambda-python/revision_details_record.as-published.version0.ion")));
        return samples;
    }

    static IonStruct ionText(String file, String field) {
        IonStruct response = (IonStruct) Vectors.single(file);
        String text = CommitDigestTest.text(response.get(field), "IonText");
        return (IonStruct) Vectors.ION.singleValue(text);
    }

    static IonStruct streamsRevision(String file) {
        IonStruct record = (IonStruct) Vectors.single(file);
        return (IonStruct) ((IonStruct) record.get("payload")).get("revision");
    }

    @TestFactory
    List<DynamicTest> realRevisionHashesMatch() {
        List<Sample> samples = matching();
        assertThat(samples).hasSize(7);
        List<DynamicTest> tests = new ArrayList<>();
        for (Sample sample : samples) {
            tests.add(DynamicTest.dynamicTest(sample.name(), () -> {
                Revision revision = Revision.fromIon(sample.ion());
                assertThat(revision.computeHash()).isEqualTo(revision.hash());
                revision.verifyHash();
                assertThat(revision.toIon(Vectors.ION)).isEqualTo(sample.ion());
                assertThat(Revision.create(revision.blockAddress(), revision.data(), revision.metadata()))
                        .isEqualTo(revision);
                // Redaction keeps the hash.
                Revision redacted = revision.redact();
                redacted.verifyHash();
                assertThat(redacted.hash()).isEqualTo(revision.hash());
                assertThat(Revision.fromIon(redacted.toIon(Vectors.ION))).isEqualTo(redacted);
                mutationsAreRejected(sample.ion());
            }));
        }
        return tests;
    }

    /** Every mutation of a revision's contents or hash must fail {@link Revision#verifyHash()}. */
    private static void mutationsAreRejected(IonStruct good) {
        List<IonStruct> mutants = new ArrayList<>();
        IonStruct hashFlipped = good.clone();
        byte[] hash = Revision.fromIon(good).hash().toByteArray();
        hash[7] ^= 0x10;
        hashFlipped.put("hash", Vectors.ION.newBlob(hash));
        mutants.add(hashFlipped);
        IonStruct dataChanged = good.clone();
        ((IonStruct) dataChanged.get("data")).put("mutated", Vectors.ION.newInt(1));
        mutants.add(dataChanged);
        IonStruct versionChanged = good.clone();
        IonStruct metadata = (IonStruct) versionChanged.get("metadata");
        metadata.put("version", Vectors.ION.newInt(Revision.fromIon(good).metadata().version() + 1));
        mutants.add(versionChanged);
        IonStruct precisionChanged = good.clone();
        IonStruct changedMetadata = (IonStruct) precisionChanged.get("metadata");
        changedMetadata.put("txTime", Vectors.ION.singleValue(
                Revision.fromIon(good).metadata().txTime().toString().replace("Z", "0Z")));
        mutants.add(precisionChanged);
        IonStruct deleted = good.clone();
        deleted.remove("data");
        mutants.add(deleted);
        for (IonStruct mutant : mutants) {
            Revision revision = Revision.fromIon(mutant);
            assertThatThrownBy(revision::verifyHash).isInstanceOf(VerificationException.class)
                    .hasMessageContaining(revision.metadata().id());
        }
    }

    @TestFactory
    List<DynamicTest> negativeSamplesAreRejected() {
        List<Sample> samples = negative();
        assertThat(samples).hasSize(4);
        List<DynamicTest> tests = new ArrayList<>();
        for (Sample sample : samples) {
            tests.add(DynamicTest.dynamicTest(sample.name(), () -> {
                Revision revision = Revision.fromIon(sample.ion());
                assertThatThrownBy(revision::verifyHash).isInstanceOf(VerificationException.class)
                        .satisfies(failure -> {
                            assertThat(((VerificationException) failure).expected()).isEqualTo(revision.hash());
                            assertThat(((VerificationException) failure).computed()).isEqualTo(revision.computeHash());
                        });
            }));
        }
        return tests;
    }

    @Test
    void committedViewTextIsPrintedAsQldbPrintsIt() {
        IonStruct response = (IonStruct) Vectors.single("aws-cli-qldb-examples/qldb-get-revision.json");
        String text = CommitDigestTest.text(response.get("Revision"), "IonText");
        assertThat(Revision.fromIon(Vectors.ION.singleValue(text)).toIon(Vectors.ION).toString()).isEqualTo(text);
    }

    @Test
    void malformedRevisionsAreRejectedNamingTheField() {
        IonStruct good = matching().get(0).ion();
        IonStruct extra = good.clone();
        extra.put("surprise", Vectors.ION.newInt(1));
        assertThatThrownBy(() -> Revision.fromIon(extra)).isInstanceOf(LedgerException.class)
                .hasMessageContaining("surprise");
        IonStruct wrongType = good.clone();
        ((IonStruct) wrongType.get("metadata")).put("version", Vectors.ION.newString("3"));
        assertThatThrownBy(() -> Revision.fromIon(wrongType)).isInstanceOf(LedgerException.class)
                .hasMessageContaining("revision.metadata.version");
        IonStruct annotated = good.clone();
        ((IonStruct) annotated.get("metadata")).get("id").setTypeAnnotations("a");
        assertThatThrownBy(() -> Revision.fromIon(annotated)).isInstanceOf(LedgerException.class)
                .hasMessageContaining("revision.metadata.id");
        IonStruct shortHash = good.clone();
        shortHash.put("hash", Vectors.ION.newBlob(new byte[5]));
        assertThatThrownBy(() -> Revision.fromIon(shortHash)).isInstanceOf(LedgerException.class)
                .hasMessageContaining("revision.hash");
    }

    @Test
    void deleteRevisionHashIsTheMetadataHash() {
        Revision live = Revision.fromIon(matching().get(0).ion());
        Revision delete = Revision.create(live.blockAddress(), null, live.metadata());
        assertThat(delete.isDelete()).isTrue();
        assertThat(delete.hash()).isEqualTo(live.metadata().ionHash());
        assertThat(delete.toIon(Vectors.ION).containsKey("data")).isFalse();
        assertThat(Revision.fromIon(delete.toIon(Vectors.ION))).isEqualTo(delete);
    }

    @Test
    void dataIsKeptReadOnlyWithoutTouchingTheCallersValue() {
        IonStruct data = (IonStruct) Vectors.ION.singleValue("{a:1}");
        Revision revision = Revision.create(new BlockAddress("s", 1),
                data, new RevisionMetadata("id", 0, com.amazon.ion.Timestamp.valueOf("2024-01-01T00:00:00.000Z"), "tx"));
        assertThat(data.isReadOnly()).isFalse();
        assertThat(revision.data().isReadOnly()).isTrue();
        data.put("b", Vectors.ION.newInt(2));
        revision.verifyHash();
    }
}
