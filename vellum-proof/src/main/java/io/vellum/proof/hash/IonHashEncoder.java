package io.vellum.proof.hash;

import com.amazon.ion.Decimal;
import com.amazon.ion.IntegerSize;
import com.amazon.ion.IonBool;
import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonFloat;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonLob;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSymbol;
import com.amazon.ion.IonTimestamp;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.SymbolToken;
import com.amazon.ion.Timestamp;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Ion Hash computed directly over the IonValue DOM, byte for byte as ion-hash-java's {@code HasherImpl} with
 * ion-java's raw binary writer computes it, but without a reader, a writer or a {@code MessageDigest} per struct.
 *
 * <h2>Byte layout (the serialization fed to the hash function)</h2>
 * <pre>
 * s(v)            = annotated(v) | bare(v)
 * annotated(v)    = B 0xE0 (B sym(a))... bare(v) E            for annotations a of v, in order
 * bare(null.T)    = B (T's binary type code &lt;&lt; 4 | 0x0F) E  e.g. null 0x0F, null.int 0x2F, null.struct 0xDF
 * bare(scalar)    = B TQ esc(representation) E
 * bare(list/sexp) = B 0xB0|0xC0 s(child)... E
 * bare(struct)    = B 0xD0 esc(h_1)... esc(h_n) E           h_i = H(B sym(name_i) E s(value_i)), sorted as
 *                                                          unsigned bytes, duplicates kept
 * sym(t)          = 0x70 esc(UTF-8(t)); symbol zero ($0, no text) = 0x71
 * esc(bytes)      = every 0x0B, 0x0C, 0x0E preceded by 0x0C;   B = 0x0B, E = 0x0E
 * </pre>
 * TQ and representation of scalars (representation = the Ion 1.0 binary body, without type and length):
 * <pre>
 * bool       0x10 | value, empty
 * int        0x20 (>= 0) or 0x30 (< 0), minimal big-endian magnitude (empty for 0)
 * float      0x40; +0e0 empty; otherwise the 8 bytes of the IEEE-754 double (never the 4-byte form)
 * decimal    0x50; 0d0 empty; else VarInt(exponent) then the coefficient as a signed-magnitude Int (empty for a
 *            positive zero coefficient, 0x80 for negative zero; 1..8 bytes for 64-bit coefficients by the ranges
 *            of ion-java's writer, larger ones BigInteger's bytes with the sign bit set or prepended)
 * timestamp  0x60; VarInt(offset minutes) or 0xC0 for -00:00; VarUInt UTC year, month, day, hour, minute,
 *            second as the precision has them; then the fraction as a decimal (exponent, coefficient) unless it
 *            is zero with a non-negative exponent
 * symbol     0x70 UTF-8 text (0x71 and empty for symbol zero)
 * string     0x80 UTF-8;  clob 0x90 bytes;  blob 0xA0 bytes
 * </pre>
 * The same serialization can be streamed from model values, without a DOM ({@link #digest(Streamed)}, used by
 * the records whose hash is on the commit path); both paths share the scalar writers below.
 *
 * <p>Not thread-safe: one instance per thread ({@link IonHash} keeps one per thread for SHA-256).
 * Public so that the block model's records can stream their hash; the only way to get an instance is
 * {@link IonHash#ofStreamed}, so only the streaming methods are reachable from outside.
 */
public final class IonHashEncoder {
    private static final byte BEGIN = 0x0B;
    private static final byte END = 0x0E;
    private static final byte ESCAPE = 0x0C;
    private static final byte[] END_MARKER = {END};

    /** One running hash: bytes in, digest out (which resets it). */
    interface Hasher {
        void update(byte[] bytes, int offset, int length);

        byte[] digest();
    }

    private final Supplier<Hasher> hashers;
    /** The memo of the value being hashed ({@link #digest(IonValue, StructHashMemo, boolean)}), or null. */
    private StructHashMemo memo;
    /** The struct whose serialization is kept in {@link #memo} once written, or null. */
    private IonStruct keepTop;
    private final Hasher top;
    /** Field hashers by struct depth, so nested structs never share one. */
    private final List<Hasher> fieldHashers = new ArrayList<>();
    /** The serialization of one scalar / marker group, escaped, before it goes to a hasher in one call. */
    private byte[] frame = new byte[256];
    private int frameLength;

    IonHashEncoder(Supplier<Hasher> hashers) {
        this.hashers = hashers;
        this.top = hashers.get();
    }

    /** The Ion Hash of {@code value} (a datagram must hold exactly one value). */
    byte[] digest(IonValue value) {
        return digest(value, null, false);
    }

    /**
     * The Ion Hash of {@code value}, every struct in it that {@code memo} (may be null) holds fed from there; when
     * {@code keep}, a struct {@code value} not found there is kept there. The same hash as without a memo.
     */
    byte[] digest(IonValue value, StructHashMemo memo, boolean keep) {
        if (streaming) {
            throw new IllegalStateException("an IonValue cannot be hashed while a streamed value is being hashed");
        }
        IonValue hashed = value;
        if (value instanceof IonDatagram datagram) {
            if (datagram.size() != 1) {
                throw new IllegalArgumentException("a datagram of " + datagram.size()
                        + " values has no single Ion Hash; hash one value");
            }
            hashed = datagram.get(0);
        }
        frameLength = 0;
        this.memo = memo;
        try {
            if (keep && memo != null && hashed instanceof IonStruct struct && !struct.isNullValue()
                    && struct.getTypeAnnotationSymbols().length == 0) {
                if (!fromMemo(struct, top)) {
                    // Its serialization is the frame writeStruct feeds to the top hasher, taken just before.
                    keepTop = struct;
                    writeStruct(struct, top, 0);
                }
            } else {
                write(hashed, top, 0);
            }
        } catch (RuntimeException e) {
            // Leave no partial input behind for the next value this (thread's) encoder hashes.
            top.digest();
            fieldHashers.forEach(Hasher::digest);
            frameLength = 0;
            throw e;
        } finally {
            this.memo = null;
            keepTop = null;
        }
        return top.digest();
    }

    /** Feeds {@code struct}'s serialization kept in the memo to {@code out}; false when the memo has none. */
    private boolean fromMemo(IonStruct struct, Hasher out) {
        byte[] kept = memo.find(struct);
        if (kept == null) {
            return false;
        }
        out.update(kept, 0, kept.length);
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Streaming: the same serialization, fed from model values (strings, ints, timestamps, blobs) instead of a DOM.
    // A struct's field hashes are collected as its fields end and sorted when it ends, exactly as writeStruct does;
    // a list's children go straight to the list's hasher. Only unannotated, non-null values can be streamed.
    // ---------------------------------------------------------------------------------------------------------------

    /** Something that writes exactly one value through the streaming methods of an encoder. */
    @FunctionalInterface
    public interface Streamed {
        void hashTo(IonHashEncoder encoder);
    }

    /** An open struct or list of the streamed value. */
    private static final class Container {
        boolean struct;
        /** Where the container's own serialization goes. */
        Hasher out;
        /** The field hasher depth of this struct's fields, or (for a list) of structs nested in it. */
        int structDepth;
        byte[][] fieldHashes = new byte[8][];
        int fieldCount;
        boolean fieldNamed;
    }

    /** Containers by nesting level, reused across values. */
    private final List<Container> containers = new ArrayList<>();
    private int open;
    private boolean streaming;
    private boolean topWritten;

    /** The Ion Hash of the one value {@code value} streams (see {@link #stepInStruct} and the write methods). */
    byte[] digest(Streamed value) {
        if (streaming) {
            throw new IllegalStateException("a streamed value is being hashed already");
        }
        streaming = true;
        topWritten = false;
        open = 0;
        frameLength = 0;
        try {
            value.hashTo(this);
            if (open != 0 || !topWritten) {
                throw new IllegalStateException(open != 0 ? open + " container(s) not stepped out of"
                        : "no value was streamed");
            }
            return top.digest();
        } catch (RuntimeException e) {
            top.digest();
            fieldHashers.forEach(Hasher::digest);
            frameLength = 0;
            open = 0;
            throw e;
        } finally {
            streaming = false;
        }
    }

    public void stepInStruct() {
        Container container = push(valueOut());
        container.struct = true;
        container.fieldCount = 0;
        container.fieldNamed = false;
        fieldHasher(container.structDepth); // created before any field uses it
    }

    public void stepInList() {
        Hasher out = valueOut();
        Container container = push(out);
        container.struct = false;
        put(BEGIN);
        put(0xB0);
        flush(out);
    }

    /** Names the next value of the innermost (struct) container: {@code B 0x70 esc(UTF-8(name)) E}. */
    public void fieldName(String name) {
        Container container = open == 0 ? null : containers.get(open - 1);
        if (container == null || !container.struct || container.fieldNamed) {
            throw new IllegalStateException("a field name belongs right inside a struct, before the field's value");
        }
        put(BEGIN);
        putSymbolText(name);
        put(END);
        flush(fieldHasher(container.structDepth));
        container.fieldNamed = true;
    }

    /**
     * Adds a whole field to the innermost (struct) container by its field hash, computed earlier: the same as naming
     * the field and writing its value, when {@code fieldHash} is that field's hash (such as
     * {@link IonHash#stringFieldHash}).
     */
    public void field(Hash fieldHash) {
        Container container = open == 0 ? null : containers.get(open - 1);
        if (container == null || !container.struct || container.fieldNamed) {
            throw new IllegalStateException("a field belongs right inside a struct, between fields");
        }
        if (fieldHash.length() != 32) {
            throw new IllegalArgumentException("a field hash is 32 bytes of SHA-256, got " + fieldHash.length());
        }
        if (container.fieldCount == container.fieldHashes.length) {
            container.fieldHashes = Arrays.copyOf(container.fieldHashes, container.fieldCount * 2);
        }
        container.fieldHashes[container.fieldCount++] = fieldHash.toByteArray();
    }

    public void stepOut() {
        if (open == 0) {
            throw new IllegalStateException("no container to step out of");
        }
        Container container = containers.get(open - 1);
        if (container.struct) {
            if (container.fieldNamed) {
                throw new IllegalStateException("field named but not written");
            }
            Arrays.sort(container.fieldHashes, 0, container.fieldCount, Arrays::compareUnsigned);
            put(BEGIN);
            put(0xD0);
            for (int i = 0; i < container.fieldCount; i++) {
                putEscaped(container.fieldHashes[i]);
                container.fieldHashes[i] = null;
            }
            put(END);
            flush(container.out);
        } else {
            container.out.update(END_MARKER, 0, 1);
        }
        container.out = null;
        open--;
        valueDone();
    }

    public void writeString(String value) {
        Hasher out = valueOut();
        put(BEGIN);
        putString(value);
        put(END);
        flush(out);
        valueDone();
    }

    public void writeInt(long value) {
        Hasher out = valueOut();
        put(BEGIN);
        putInt(value);
        put(END);
        flush(out);
        valueDone();
    }

    public void writeTimestamp(Timestamp value) {
        Hasher out = valueOut();
        put(BEGIN);
        putTimestamp(value);
        put(END);
        flush(out);
        valueDone();
    }

    public void writeBlob(byte[] value) {
        Hasher out = valueOut();
        put(BEGIN);
        putLob(0xA0, value);
        put(END);
        flush(out);
        valueDone();
    }

    private Container push(Hasher out) {
        int structDepth = 0;
        if (open > 0) {
            Container parent = containers.get(open - 1);
            structDepth = parent.struct ? parent.structDepth + 1 : parent.structDepth;
        }
        if (containers.size() == open) {
            containers.add(new Container());
        }
        Container container = containers.get(open++);
        container.out = out;
        container.structDepth = structDepth;
        return container;
    }

    /** The hasher the next value goes to: the top one, the innermost list's, or the named field's. */
    private Hasher valueOut() {
        if (!streaming) {
            throw new IllegalStateException("write streamed values only inside digest(Streamed)");
        }
        if (open == 0) {
            if (topWritten) {
                throw new IllegalStateException("a streamed value is one value, not several");
            }
            return top;
        }
        Container container = containers.get(open - 1);
        if (!container.struct) {
            return container.out;
        }
        if (!container.fieldNamed) {
            throw new IllegalStateException("a struct field needs a name before its value");
        }
        return fieldHasher(container.structDepth);
    }

    /** Ends the value just written: inside a struct, its field hash is taken. */
    private void valueDone() {
        if (open == 0) {
            topWritten = true;
            return;
        }
        Container container = containers.get(open - 1);
        if (container.struct) {
            if (container.fieldCount == container.fieldHashes.length) {
                container.fieldHashes = Arrays.copyOf(container.fieldHashes, container.fieldCount * 2);
            }
            container.fieldHashes[container.fieldCount++] = fieldHasher(container.structDepth).digest();
            container.fieldNamed = false;
        }
    }

    private void write(IonValue value, Hasher out, int structDepth) {
        SymbolToken[] annotations = value.getTypeAnnotationSymbols();
        if (annotations.length > 0) {
            put(BEGIN);
            put(0xE0);
            for (SymbolToken annotation : annotations) {
                put(BEGIN);
                putSymbol(annotation, "annotation");
                put(END);
            }
            flush(out);
        }
        IonType type = value.getType();
        if (value.isNullValue()) {
            put(BEGIN);
            put(nullTypeQualifier(type));
            put(END);
            flush(out);
        } else if (type == IonType.STRUCT) {
            if (memo == null || annotations.length != 0 || !fromMemo((IonStruct) value, out)) {
                writeStruct((IonStruct) value, out, structDepth);
            }
        } else if (type == IonType.LIST || type == IonType.SEXP) {
            put(BEGIN);
            put(type == IonType.LIST ? 0xB0 : 0xC0);
            flush(out);
            for (IonValue child : (IonSequence) value) {
                write(child, out, structDepth);
            }
            out.update(END_MARKER, 0, 1);
        } else {
            put(BEGIN);
            putScalar(value, type);
            put(END);
            flush(out);
        }
        if (annotations.length > 0) {
            out.update(END_MARKER, 0, 1);
        }
    }

    private void writeStruct(IonStruct struct, Hasher out, int structDepth) {
        Hasher fieldHasher = fieldHasher(structDepth);
        byte[][] fieldHashes = new byte[struct.size()][];
        int count = 0;
        for (IonValue field : struct) {
            put(BEGIN);
            putFieldName(field);
            put(END);
            flush(fieldHasher);
            write(field, fieldHasher, structDepth + 1);
            fieldHashes[count++] = fieldHasher.digest();
        }
        Arrays.sort(fieldHashes, 0, count, Arrays::compareUnsigned);
        put(BEGIN);
        put(0xD0);
        for (int i = 0; i < count; i++) {
            putEscaped(fieldHashes[i]);
        }
        put(END);
        if (struct == keepTop) {
            memo.keep(struct, Arrays.copyOf(frame, frameLength));
        }
        flush(out);
    }

    private Hasher fieldHasher(int structDepth) {
        while (fieldHashers.size() <= structDepth) {
            fieldHashers.add(hashers.get());
        }
        return fieldHashers.get(structDepth);
    }

    private static int nullTypeQualifier(IonType type) {
        return switch (type) {
            case NULL -> 0x0F;
            case BOOL -> 0x1F;
            case INT -> 0x2F;
            case FLOAT -> 0x4F;
            case DECIMAL -> 0x5F;
            case TIMESTAMP -> 0x6F;
            case SYMBOL -> 0x7F;
            case STRING -> 0x8F;
            case CLOB -> 0x9F;
            case BLOB -> 0xAF;
            case LIST -> 0xBF;
            case SEXP -> 0xCF;
            case STRUCT -> 0xDF;
            default -> throw new IllegalArgumentException("no Ion Hash for type " + type);
        };
    }

    private void putScalar(IonValue value, IonType type) {
        switch (type) {
            case BOOL -> put(((IonBool) value).booleanValue() ? 0x11 : 0x10);
            case INT -> putInt((IonInt) value);
            case FLOAT -> putFloat(((IonFloat) value).doubleValue());
            case DECIMAL -> putDecimal(((IonDecimal) value).decimalValue());
            case TIMESTAMP -> putTimestamp(((IonTimestamp) value).timestampValue());
            case SYMBOL -> putSymbol(((IonSymbol) value).symbolValue(), "symbol");
            case STRING -> putString(((IonString) value).stringValue());
            case CLOB, BLOB -> putLob(type == IonType.CLOB ? 0x90 : 0xA0, ((IonLob) value).getBytes());
            default -> throw new IllegalArgumentException("no Ion Hash for type " + type);
        }
    }

    /**
     * A struct field's name: its text when the value holds it, which is what {@link IonValue#getFieldNameSymbol()}
     * would return as text, without that method's symbol table lookup (it climbs to the top-level value on every
     * field of a value decoded from binary and was a fifth of a follower's block verification); only a name known
     * by symbol id alone takes the symbol's path (SID 0 or unknown text).
     */
    private void putFieldName(IonValue field) {
        String text;
        try {
            text = field.getFieldName();
        } catch (com.amazon.ion.UnknownSymbolException e) {
            text = null;
        }
        if (text != null) {
            putSymbolText(text);
        } else {
            putSymbol(field.getFieldNameSymbol(), "field name");
        }
    }

    private void putSymbol(SymbolToken symbol, String role) {
        String text = symbol == null ? null : symbol.getText();
        if (text == null) {
            if (symbol != null && symbol.getSid() == 0) {
                put(0x71);
                return;
            }
            throw new IllegalArgumentException("cannot hash " + role + " with unknown text (SID "
                    + (symbol == null ? "null" : symbol.getSid()) + ")");
        }
        putSymbolText(text);
    }

    private void putSymbolText(String text) {
        put(0x70);
        putEscaped(utf8(text));
    }

    private void putString(String text) {
        put(0x80);
        putEscaped(utf8(text));
    }

    private void putLob(int typeQualifier, byte[] bytes) {
        put(typeQualifier);
        putEscaped(bytes);
    }

    /**
     * UTF-8 of {@code text}, refusing unpaired surrogates as ion-java's writer does (Java's encoder would silently
     * turn them into '?', giving a hash no other Ion implementation reproduces).
     *
     * @throws IllegalArgumentException naming the index of the unpaired surrogate
     */
    static byte[] utf8(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException("cannot hash a string with an unpaired surrogate (U+"
                            + Integer.toHexString(c).toUpperCase() + " at index " + i + ")");
                }
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void putInt(IonInt value) {
        if (value.getIntegerSize() == IntegerSize.BIG_INTEGER) {
            BigInteger integer = value.bigIntegerValue();
            put(integer.signum() < 0 ? 0x30 : 0x20);
            putMagnitude(integer.abs().toByteArray());
            return;
        }
        putInt(value.longValue());
    }

    private void putInt(long integer) {
        put(integer < 0 ? 0x30 : 0x20);
        // Long.MIN_VALUE negates to itself; read as unsigned it is the magnitude 2^63.
        long magnitude = integer < 0 ? -integer : integer;
        for (int shift = (8 - Long.numberOfLeadingZeros(magnitude) / 8 - 1) * 8; shift >= 0; shift -= 8) {
            putEscaped((int) (magnitude >>> shift));
        }
    }

    /** Big-endian magnitude without the sign byte BigInteger adds when the top bit is set. */
    private void putMagnitude(byte[] bytes) {
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        for (int i = start; i < bytes.length; i++) {
            putEscaped(bytes[i]);
        }
    }

    private void putFloat(double value) {
        put(0x40);
        if (Double.doubleToRawLongBits(value) == 0L) {
            return;
        }
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
            putEscaped((int) (bits >>> shift));
        }
    }

    private void putDecimal(BigDecimal value) {
        put(0x50);
        if (value.signum() == 0 && value.scale() == 0 && !Decimal.isNegativeZero(value)) {
            return;
        }
        putDecimalBody(value);
    }

    /** Exponent and coefficient, as ion-java's writer encodes them inside decimals and timestamps. */
    private void putDecimalBody(BigDecimal value) {
        putVarInt(-(long) value.scale());
        boolean negativeZero = Decimal.isNegativeZero(value);
        BigInteger coefficient = value.unscaledValue();
        if (coefficient.bitLength() > 63) {
            byte[] bits = coefficient.abs().toByteArray();
            if (coefficient.signum() < 0) {
                if ((bits[0] & 0x80) == 0) {
                    bits[0] |= (byte) 0x80;
                } else {
                    putEscaped(0x80);
                }
            }
            putEscaped(bits);
            return;
        }
        long mantissa = coefficient.longValue();
        if (mantissa == 0) {
            if (negativeZero) {
                putEscaped(0x80);
            }
        } else if (mantissa == Long.MIN_VALUE) {
            // ion-java special-cases it: a sign byte, then the 8 bytes of the magnitude 2^63.
            putEscaped(0x80);
            putEscaped(0x80);
            for (int i = 0; i < 7; i++) {
                putEscaped(0);
            }
        } else {
            long magnitude = Math.abs(mantissa);
            int length = Math.min(8, (64 - Long.numberOfLeadingZeros(magnitude)) / 8 + 1);
            long encoded = mantissa < 0 ? magnitude | 1L << (8 * length - 1) : magnitude;
            for (int shift = 8 * (length - 1); shift >= 0; shift -= 8) {
                putEscaped((int) (encoded >>> shift));
            }
        }
    }

    // getZFractionalSecond is deprecated, but it is exactly what ion-java's binary writer (the reference) encodes.
    @SuppressWarnings("deprecation")
    private void putTimestamp(Timestamp value) {
        put(0x60);
        Integer offset = value.getLocalOffset();
        if (offset == null) {
            put(0xC0);
        } else {
            putVarInt(offset);
        }
        putVarUInt(value.getZYear());
        Timestamp.Precision precision = value.getPrecision();
        if (precision.compareTo(Timestamp.Precision.MONTH) >= 0) {
            putVarUInt(value.getZMonth());
        }
        if (precision.compareTo(Timestamp.Precision.DAY) >= 0) {
            putVarUInt(value.getZDay());
        }
        if (precision.compareTo(Timestamp.Precision.MINUTE) >= 0) {
            putVarUInt(value.getZHour());
            putVarUInt(value.getZMinute());
        }
        if (precision.compareTo(Timestamp.Precision.SECOND) >= 0) {
            putVarUInt(value.getZSecond());
            BigDecimal fraction = value.getZFractionalSecond();
            if (fraction != null && !(fraction.unscaledValue().signum() == 0 && -fraction.scale() > -1)) {
                putDecimalBody(fraction);
            }
        }
    }

    private void putVarUInt(long value) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int group = groups - 1; group >= 0; group--) {
            int b = (int) ((value >>> (7 * group)) & 0x7F);
            putEscaped(group == 0 ? b | 0x80 : b);
        }
    }

    private void putVarInt(long value) {
        long magnitude = Math.abs(value);
        int bits = 64 - Long.numberOfLeadingZeros(magnitude);
        int groups = bits <= 6 ? 1 : 1 + (bits - 6 + 6) / 7;
        for (int group = groups - 1; group >= 0; group--) {
            int b = (int) ((magnitude >>> (7 * group)) & 0x7F);
            if (group == groups - 1 && value < 0) {
                b |= 0x40;
            }
            putEscaped(group == 0 ? b | 0x80 : b);
        }
    }

    private void put(int b) {
        if (frameLength == frame.length) {
            frame = Arrays.copyOf(frame, frame.length * 2);
        }
        frame[frameLength++] = (byte) b;
    }

    private void putEscaped(int b) {
        byte value = (byte) b;
        if (value == BEGIN || value == END || value == ESCAPE) {
            put(ESCAPE);
        }
        put(value);
    }

    private void putEscaped(byte[] bytes) {
        if (frame.length - frameLength < 2 * bytes.length) {
            frame = Arrays.copyOf(frame, Math.max(frame.length * 2, frameLength + 2 * bytes.length));
        }
        for (byte b : bytes) {
            if (b == BEGIN || b == END || b == ESCAPE) {
                frame[frameLength++] = ESCAPE;
            }
            frame[frameLength++] = b;
        }
    }

    private void flush(Hasher out) {
        out.update(frame, 0, frameLength);
        frameLength = 0;
    }
}
