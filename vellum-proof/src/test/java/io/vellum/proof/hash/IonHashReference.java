package io.vellum.proof.hash;

import com.amazon.ion.IonReader;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ionhash.IonHashReader;
import com.amazon.ionhash.IonHashReaderBuilder;
import com.amazon.ionhash.MessageDigestIonHasherProvider;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Ion Hash computed by ion-hash-java's {@link IonHashReader} (SHA-256) — the reference implementation
 * {@link IonHash}'s direct encoder is cross-checked against. It is slow (a new {@code MessageDigest} per
 * struct, byte-array copies per scalar) but it is what the QLDB drivers and samples use.
 *
 * <p>Only the reader path is used: {@code IonValue.writeTo(IonHashWriter)} is broken in ion-hash-java 1.0.0.
 * Thread-safe (every call builds its own reader and hasher).
 */
final class IonHashReference {
    private static final MessageDigestIonHasherProvider SHA_256 = new MessageDigestIonHasherProvider("SHA-256");

    private IonHashReference() {
    }

    /** Hash of {@code value}; a field name of {@code value} inside its container is not part of the hash. */
    static Hash of(IonValue value) {
        return hashSingle(SharedIon.SYSTEM.newReader(value), "IonValue");
    }

    /** Hash of the single top-level value of an Ion binary or text stream. */
    static Hash ofBinary(byte[] ionBytes) {
        return hashSingle(SharedIon.SYSTEM.newReader(ionBytes), "Ion stream");
    }

    private static Hash hashSingle(IonReader reader, String what) {
        try (IonHashReader hashReader = IonHashReaderBuilder.standard()
                .withHasherProvider(SHA_256)
                .withReader(reader)
                .build()) {
            if (hashReader.next() == null) {
                throw new IllegalArgumentException(what + " holds no value to hash");
            }
            // The hash of a value is available once the reader has moved past it.
            IonType after = hashReader.next();
            if (after != null) {
                throw new IllegalArgumentException(what + " holds more than one top-level value (next is " + after + ")");
            }
            return Hash.wrap(hashReader.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
