package io.vellum.proof.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.Timestamp;
import io.vellum.proof.Vectors;
import io.vellum.proof.hash.VerificationException;
import org.junit.jupiter.api.Test;

/**
 * A document holding a NaN with a payload (possible only through Ion binary or a DOM: Ion text has one nan). Its
 * revision hash follows ion-hash-java (the payload's bits are hashed); Ion binary keeps the bits, so the revision
 * verifies from binary, but not from its Ion text, which reads back the canonical NaN (docs/DECISIONS.md,
 * "Payload NaNs").
 */
class RevisionPayloadNanTest {
    private static final RevisionMetadata METADATA =
            new RevisionMetadata("6GZ8VdoVmA0AGeC8oO6LNp", 0, Timestamp.valueOf("2026-12-06T09:00:00Z"), "tx");

    private static Revision revisionWithPayloadNan() {
        IonStruct data = Vectors.ION.newEmptyStruct();
        data.add("reading", Vectors.ION.newFloat(Double.longBitsToDouble(0x7ff4fcccc12f24e5L)));
        return Revision.create(new BlockAddress("PayloadNanStrand0000001", 3), data, METADATA);
    }

    @Test
    void verifiesFromItsIonBinary() {
        Revision revision = revisionWithPayloadNan();
        Revision read = Revision.fromIon(Vectors.ION.singleValue(revision.toIonBinary()));
        assertThat(read.hash()).isEqualTo(revision.hash());
        read.verifyHash();
    }

    @Test
    void doesNotVerifyFromItsIonText() {
        Revision revision = revisionWithPayloadNan();
        String text = revision.toIon(Vectors.ION).toString();
        assertThat(text).contains("reading:nan");
        Revision read = Revision.fromIon(Vectors.ION.singleValue(text));
        assertThatThrownBy(read::verifyHash).isInstanceOf(VerificationException.class)
                .satisfies(e -> assertThat(((VerificationException) e).expected()).isEqualTo(revision.hash()));
    }
}
