package io.vellum.proof.hash;

import com.amazon.ion.IonReader;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Ion Hash (amzn ion-hash specification, SHA-256) of Ion values, as QLDB computes document, metadata,
 * transaction-info and parameter hashes (COMPATIBILITY.md §1). The hash is over the Ion data model: field order inside a
 * struct does not matter, but annotations, timestamp precision and offset, decimal exponent, int vs decimal and
 * string vs symbol all do.
 *
 * <p>All methods are thread-safe. Values that other threads may modify must not be passed (read-only values
 * are safe).
 */
public final class IonHash {
    private static final byte BEGIN = 0x0B;
    private static final byte END = 0x0E;
    private static final byte ESCAPE = 0x0C;
    private static final byte TYPE_STRING = (byte) 0x80;
    private static final byte TYPE_SYMBOL = (byte) 0x70;

    /** Per-thread SHA-256 encoders: each holds a digest per struct depth, reused across calls. */
    private static final ThreadLocal<IonHashEncoder> ENCODER =
            ThreadLocal.withInitial(() -> new IonHashEncoder(Sha256Hasher::new));

    private IonHash() {
    }

    /** A SHA-256 {@link IonHashEncoder.Hasher}. */
    private static final class Sha256Hasher implements IonHashEncoder.Hasher {
        private final MessageDigest digest = Sha256.newDigest();

        @Override
        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        public byte[] digest() {
            return digest.digest();
        }
    }

    /**
     * Ion Hash of {@code value}. The value's own field name (when it is a struct field) is not hashed; its
     * annotations are.
     */
    public static Hash of(IonValue value) {
        Objects.requireNonNull(value, "value");
        return Hash.wrap(ENCODER.get().digest(value));
    }

    /**
     * Ion Hash of {@code value}, equal to {@link #of(IonValue)}: every struct in it equal to one {@code memo} keeps
     * (see {@link StructHashMemo}) is fed from the memo instead of hashed field by field.
     */
    public static Hash of(IonValue value, StructHashMemo memo) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(memo, "memo");
        return Hash.wrap(ENCODER.get().digest(value, memo, false));
    }

    /**
     * Ion Hash of {@code value}, equal to {@link #of(IonValue)}; a struct {@code value} is kept in {@code memo}
     * (when its parts can be compared, see {@link StructHashMemo}) for later hashes of values that hold an equal one.
     */
    public static Hash ofKept(IonValue value, StructHashMemo memo) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(memo, "memo");
        return Hash.wrap(ENCODER.get().digest(value, memo, true));
    }

    /**
     * Ion Hash of the one value {@code value} streams from model values, without building it as an
     * {@link IonValue}: equal to {@link #of} of the value it describes.
     */
    public static Hash ofStreamed(IonHashEncoder.Streamed value) {
        Objects.requireNonNull(value, "value");
        return Hash.wrap(ENCODER.get().digest(value));
    }

    /**
     * Ion Hash of the Ion string value {@code s}: {@code SHA-256(0x0B 0x80 escape(UTF-8(s)) 0x0E)}, where
     * escape puts 0x0C before every 0x0B, 0x0C and 0x0E byte. This is the statement hash and the commit-digest
     * seed of QLDB (COMPATIBILITY.md §2).
     *
     * @throws IllegalArgumentException when {@code s} has an unpaired surrogate (it has no UTF-8 form)
     */
    public static Hash ofString(String s) {
        Objects.requireNonNull(s, "s");
        MessageDigest digest = Sha256.threadDigest();
        digest.update(BEGIN);
        digest.update(TYPE_STRING);
        updateEscaped(digest, IonHashEncoder.utf8(s));
        digest.update(END);
        return Hash.wrap(digest.digest());
    }

    /**
     * The hash a struct's field {@code name: "value"} (an Ion string) contributes to the struct's Ion Hash:
     * {@code SHA-256(0x0B 0x70 escape(UTF-8(name)) 0x0E 0x0B 0x80 escape(UTF-8(value)) 0x0E)}, what
     * {@link IonHashEncoder#fieldName} followed by {@link IonHashEncoder#writeString} takes. For
     * {@link IonHashEncoder#field} with a hash computed once for a value that recurs (a statement's text).
     *
     * @throws IllegalArgumentException when {@code name} or {@code value} has an unpaired surrogate
     */
    public static Hash stringFieldHash(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        byte[] nameBytes = IonHashEncoder.utf8(name);
        byte[] valueBytes = IonHashEncoder.utf8(value);
        MessageDigest digest = Sha256.threadDigest();
        digest.update(BEGIN);
        digest.update(TYPE_SYMBOL);
        updateEscaped(digest, nameBytes);
        digest.update(END);
        digest.update(BEGIN);
        digest.update(TYPE_STRING);
        updateEscaped(digest, valueBytes);
        digest.update(END);
        return Hash.wrap(digest.digest());
    }

    /**
     * Ion Hash of the single top-level value in an Ion binary (or text) stream.
     *
     * @throws IllegalArgumentException when the stream holds no value or more than one
     */
    public static Hash ofBinary(byte[] ionBytes) {
        Objects.requireNonNull(ionBytes, "ionBytes");
        IonValue value;
        try (IonReader reader = SharedIon.SYSTEM.newReader(ionBytes)) {
            if (reader.next() == null) {
                throw new IllegalArgumentException("Ion stream holds no value to hash");
            }
            value = SharedIon.SYSTEM.newValue(reader);
            IonType next = reader.next();
            if (next != null) {
                throw new IllegalArgumentException("Ion stream holds more than one top-level value (next is " + next + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(value);
    }

    /** Feeds {@code bytes} to {@code digest}, each marker byte (0x0B, 0x0C, 0x0E) preceded by 0x0C. */
    static void updateEscaped(MessageDigest digest, byte[] bytes) {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == BEGIN || b == END || b == ESCAPE) {
                digest.update(bytes, start, i - start);
                digest.update(ESCAPE);
                start = i;
            }
        }
        digest.update(bytes, start, bytes.length - start);
    }
}
