package io.vellum.proof.block;

import com.amazon.ion.Decimal;
import com.amazon.ion.IntegerSize;
import com.amazon.ion.IonBool;
import com.amazon.ion.IonContainer;
import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonLob;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonString;
import com.amazon.ion.IonSymbol;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * Reads the common shapes of a standalone Ion binary stream (the Session API's {@code IonBinary} values: version
 * marker, at most one local symbol table that only lists symbols, exactly one value) straight into DOM values of an
 * {@link IonSystem}, without building an ion-java reader and loader per value, which cost more than the value
 * itself for the small parameters and results of a transaction.
 *
 * <p>It is a fast path, not a second decoder: {@link #read} returns {@code null} for anything outside the shapes
 * it knows (annotations, timestamps, imports, negative-zero decimals, {@code $0}, invalid UTF-8, more than
 * {@value #MAXIMUM_DEPTH} levels, malformed or trailing data, ...), and the caller then reads the bytes with
 * ion-java exactly as before, so every refusal and every error message stays ion-java's. A value it does return is
 * equal to the one ion-java loads ({@link IonValue#equals}, which compares precision, field order and nulls' types)
 * and encodes to the same bytes. Stateless and thread-safe.
 */
public final class DirectIonBinary {
    /** Deeper values go to ion-java (far below the server's nesting limit of its input). */
    static final int MAXIMUM_DEPTH = 16;
    private static final int FIRST_LOCAL_SYMBOL = 10;
    /** System symbol texts ($1 – $9): a field name among them is written with its system id, not listed locally. */
    private static final String[] SYSTEM_SYMBOLS = {null, "$ion", "$ion_1_0", "$ion_symbol_table", "name", "version",
        "imports", "symbols", "max_id", "$ion_shared_symbol_table"};

    private DirectIonBinary() {
    }

    /** Not on the fast path: the caller reads the bytes with ion-java. Thrown without a stack trace. */
    private static final class NotDirect extends Exception {
        private static final long serialVersionUID = 1L;
        static final NotDirect INSTANCE = new NotDirect();

        private NotDirect() {
            super("not on the direct path", null, false, false);
        }
    }

    /**
     * The single value of {@code ion}, as {@code system}'s DOM value (not read-only, without a container), or
     * {@code null} when the stream is not one of the shapes read here.
     */
    public static IonValue read(IonSystem system, byte[] ion) {
        try {
            return new Reader(system, ion).readStream();
        } catch (NotDirect | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code value} (without its field name) as the standalone Ion binary stream ion-java's binary writer writes for
     * it ({@link IonBinary#encode}: version marker, a local symbol table listing the field names and symbols in the
     * order they are first written, the value), or {@code null} when the value has a part not written here
     * (annotations, timestamps, floats, negative-zero decimals, unpaired surrogates, symbols without text or with a
     * system symbol's text, more than {@value #MAXIMUM_DEPTH} levels): the caller then encodes it with ion-java.
     */
    public static byte[] write(IonValue value) {
        try {
            Writer writer = new Writer();
            writer.collectSymbols(value, 0);
            return writer.stream(value);
        } catch (NotDirect | RuntimeException e) {
            return null;
        }
    }

    private static final class Writer {
        /** Local symbols in the order ion-java's writer adds them; null until the first. */
        private LinkedHashMap<String, Integer> symbols;
        private byte[] out;
        private int position;

        void collectSymbols(IonValue value, int depth) throws NotDirect {
            if (value.getTypeAnnotationSymbols().length != 0
                    || (value instanceof IonContainer && depth >= MAXIMUM_DEPTH)) {
                throw NotDirect.INSTANCE;
            }
            switch (value.getType()) {
                case SYMBOL -> {
                    if (!value.isNullValue()) {
                        symbol(((IonSymbol) value).stringValue());
                    }
                }
                case STRUCT -> {
                    if (!value.isNullValue()) {
                        for (IonValue child : (IonStruct) value) {
                            symbol(child.getFieldName());
                            collectSymbols(child, depth + 1);
                        }
                    }
                }
                case LIST, SEXP -> {
                    if (!value.isNullValue()) {
                        for (IonValue child : (IonSequence) value) {
                            collectSymbols(child, depth + 1);
                        }
                    }
                }
                case INT -> {
                    if (((IonInt) value).getIntegerSize() == IntegerSize.BIG_INTEGER) {
                        throw NotDirect.INSTANCE; // ion-java keeps a BigInteger's sign byte: left to it
                    }
                }
                case TIMESTAMP, FLOAT, DATAGRAM -> throw NotDirect.INSTANCE;
                default -> {
                    // no symbols
                }
            }
        }

        private void symbol(String text) throws NotDirect {
            if (text == null) {
                throw NotDirect.INSTANCE;
            }
            for (int i = 1; i < SYSTEM_SYMBOLS.length; i++) {
                if (SYSTEM_SYMBOLS[i].equals(text)) {
                    throw NotDirect.INSTANCE;
                }
            }
            if (symbols == null) {
                symbols = new LinkedHashMap<>();
            }
            symbols.putIfAbsent(text, FIRST_LOCAL_SYMBOL + symbols.size());
        }

        byte[] stream(IonValue value) throws NotDirect {
            byte[][] symbolTexts = null;
            int tableSize = 0;
            int structContent = 0;
            int listContent = 0;
            int wrapperContent = 0;
            if (symbols != null) {
                symbolTexts = new byte[symbols.size()][];
                int i = 0;
                for (String text : symbols.keySet()) {
                    symbolTexts[i] = utf8(text);
                    listContent += headerSize(symbolTexts[i].length) + symbolTexts[i].length;
                    i++;
                }
                structContent = 1 + headerSize(listContent) + listContent; // field $7, the list
                wrapperContent = 2 + headerSize(structContent) + structContent; // annotation length, $3, struct
                tableSize = headerSize(wrapperContent) + wrapperContent;
            }
            int valueSize = size(value);
            out = new byte[4 + tableSize + valueSize];
            out[0] = (byte) 0xE0;
            out[1] = 0x01;
            out[2] = 0x00;
            out[3] = (byte) 0xEA;
            position = 4;
            if (symbolTexts != null) {
                header(0xE, wrapperContent);
                out[position++] = (byte) 0x81;
                out[position++] = (byte) 0x83;
                header(0xD, structContent);
                out[position++] = (byte) 0x87;
                header(0xB, listContent);
                for (byte[] text : symbolTexts) {
                    header(0x8, text.length);
                    System.arraycopy(text, 0, out, position, text.length);
                    position += text.length;
                }
            }
            writeValue(value);
            if (position != out.length) {
                throw new IllegalStateException("sized " + out.length + " bytes, wrote " + position);
            }
            return out;
        }

        /** The encoded size of {@code value}, descriptor and length included. */
        private int size(IonValue value) throws NotDirect {
            if (value.isNullValue()) {
                return 1;
            }
            int content = contentSize(value);
            return headerSize(content) + content;
        }

        private int contentSize(IonValue value) throws NotDirect {
            return switch (value.getType()) {
                case BOOL -> 0;
                case INT -> longMagnitudeSize((IonInt) value);
                case DECIMAL -> decimal((IonDecimal) value).length;
                case SYMBOL -> unsignedSize(symbols.get(((IonSymbol) value).stringValue()));
                case STRING -> utf8(((IonString) value).stringValue()).length;
                case CLOB, BLOB -> ((IonLob) value).byteSize();
                case LIST, SEXP -> {
                    int size = 0;
                    for (IonValue child : (IonSequence) value) {
                        size += size(child);
                    }
                    yield size;
                }
                case STRUCT -> {
                    int size = 0;
                    for (IonValue child : (IonStruct) value) {
                        size += varUIntSize(symbols.get(child.getFieldName())) + size(child);
                    }
                    yield size;
                }
                default -> throw NotDirect.INSTANCE;
            };
        }

        private void writeValue(IonValue value) throws NotDirect {
            IonType type = value.getType();
            if (value.isNullValue()) {
                out[position++] = (byte) (typeCode(type) << 4 | 0x0F);
                return;
            }
            switch (type) {
                case BOOL -> out[position++] = (byte) (0x10 | (((IonBool) value).booleanValue() ? 1 : 0));
                case INT -> {
                    long integer = ((IonInt) value).longValue();
                    int size = longMagnitudeSize((IonInt) value);
                    header(integer < 0 ? 0x3 : 0x2, size);
                    // Long.MIN_VALUE's magnitude is its own bit pattern read unsigned
                    long magnitude = integer < 0 ? -integer : integer;
                    for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
                        out[position++] = (byte) (magnitude >>> shift);
                    }
                }
                case DECIMAL -> bytes(0x5, decimal((IonDecimal) value));
                case SYMBOL -> {
                    int id = symbols.get(((IonSymbol) value).stringValue());
                    int size = unsignedSize(id);
                    header(0x7, size);
                    for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
                        out[position++] = (byte) (id >>> shift);
                    }
                }
                case STRING -> bytes(0x8, utf8(((IonString) value).stringValue()));
                case CLOB -> bytes(0x9, ((IonLob) value).getBytes());
                case BLOB -> bytes(0xA, ((IonLob) value).getBytes());
                case LIST, SEXP -> {
                    header(typeCode(type), contentSize(value));
                    for (IonValue child : (IonSequence) value) {
                        writeValue(child);
                    }
                }
                case STRUCT -> {
                    header(0xD, contentSize(value));
                    for (IonValue child : (IonStruct) value) {
                        varUInt(symbols.get(child.getFieldName()));
                        writeValue(child);
                    }
                }
                default -> throw NotDirect.INSTANCE;
            }
        }

        private void bytes(int type, byte[] content) {
            header(type, content.length);
            System.arraycopy(content, 0, out, position, content.length);
            position += content.length;
        }

        private void header(int type, int length) {
            if (length < 14) {
                out[position++] = (byte) (type << 4 | length);
            } else {
                out[position++] = (byte) (type << 4 | 0x0E);
                varUInt(length);
            }
        }

        private void varUInt(int value) {
            int size = varUIntSize(value);
            for (int i = size - 1; i >= 0; i--) {
                int group = (value >>> (7 * i)) & 0x7F;
                out[position++] = (byte) (i == 0 ? group | 0x80 : group);
            }
        }

        private static int typeCode(IonType type) throws NotDirect {
            return switch (type) {
                case NULL -> 0x0;
                case BOOL -> 0x1;
                case INT -> 0x2;
                case FLOAT -> 0x4;
                case DECIMAL -> 0x5;
                case TIMESTAMP -> 0x6;
                case SYMBOL -> 0x7;
                case STRING -> 0x8;
                case CLOB -> 0x9;
                case BLOB -> 0xA;
                case LIST -> 0xB;
                case SEXP -> 0xC;
                case STRUCT -> 0xD;
                default -> throw NotDirect.INSTANCE;
            };
        }

        /** Exponent (VarInt) and coefficient (signed Int, omitted when zero) of a decimal. */
        private static byte[] decimal(IonDecimal value) throws NotDirect {
            Decimal decimal = value.decimalValue();
            if (decimal.isNegativeZero()) {
                throw NotDirect.INSTANCE;
            }
            if (decimal.signum() == 0 && decimal.scale() == 0) {
                return new byte[0];
            }
            long exponent = -(long) decimal.scale();
            long magnitudeOfExponent = Math.abs(exponent);
            int exponentSize = 1;
            while (magnitudeOfExponent >= (1L << (6 + 7 * (exponentSize - 1)))) {
                exponentSize++;
            }
            byte[] coefficient = BigInteger.ZERO.equals(decimal.unscaledValue()) ? new byte[0]
                    : signedMagnitude(decimal.unscaledValue());
            byte[] encoded = new byte[exponentSize + coefficient.length];
            for (int i = 0; i < exponentSize; i++) {
                int shift = 7 * (exponentSize - 1 - i);
                int group = (int) ((magnitudeOfExponent >>> shift) & (i == 0 ? 0x3F : 0x7F));
                if (i == 0 && exponent < 0) {
                    group |= 0x40;
                }
                if (i == exponentSize - 1) {
                    group |= 0x80;
                }
                encoded[i] = (byte) group;
            }
            System.arraycopy(coefficient, 0, encoded, exponentSize, coefficient.length);
            return encoded;
        }

        /** The bytes of a long int's magnitude, without leading zeros (none for zero). */
        private static int longMagnitudeSize(IonInt value) {
            long integer = value.longValue();
            long magnitude = integer < 0 ? -integer : integer;
            return (Long.SIZE - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
        }

        /** Ion's Int: the magnitude's bytes with the sign in the first byte's high bit. */
        private static byte[] signedMagnitude(BigInteger value) {
            byte[] magnitude = magnitude(value.abs());
            if ((magnitude[0] & 0x80) != 0) {
                byte[] widened = new byte[magnitude.length + 1];
                System.arraycopy(magnitude, 0, widened, 1, magnitude.length);
                magnitude = widened;
            }
            if (value.signum() < 0) {
                magnitude[0] |= (byte) 0x80;
            }
            return magnitude;
        }

        /** The big-endian bytes of a non-negative integer without leading zeros (none for zero). */
        private static byte[] magnitude(BigInteger value) {
            if (value.signum() == 0) {
                return new byte[0];
            }
            byte[] bytes = value.toByteArray();
            return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
        }

        private static byte[] utf8(String text) throws NotDirect {
            for (int i = 0; i < text.length(); i++) {
                if (Character.isSurrogate(text.charAt(i))) {
                    throw NotDirect.INSTANCE; // pairs and unpaired ones: left to ion-java
                }
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }

        private static int headerSize(int length) {
            return length < 14 ? 1 : 1 + varUIntSize(length);
        }

        private static int varUIntSize(int value) {
            int size = 1;
            while (size < 5 && (value >>> (7 * size)) != 0) {
                size++;
            }
            return size;
        }

        private static int unsignedSize(int value) {
            int size = 1;
            while (size < 4 && (value >>> (8 * size)) != 0) {
                size++;
            }
            return size;
        }
    }

    private static final class Reader {
        private final IonSystem system;
        private final byte[] bytes;
        private int position;
        /** Local symbols by id minus {@link #FIRST_LOCAL_SYMBOL}; null: no local symbol table. */
        private String[] localSymbols;

        Reader(IonSystem system, byte[] bytes) {
            this.system = system;
            this.bytes = bytes;
        }

        IonValue readStream() throws NotDirect {
            if (bytes.length < 5 || bytes[0] != (byte) 0xE0 || bytes[1] != 0x01 || bytes[2] != 0x00
                    || bytes[3] != (byte) 0xEA) {
                throw NotDirect.INSTANCE;
            }
            position = 4;
            if ((bytes[position] & 0xF0) == 0xE0) {
                readSymbolTable();
            }
            IonValue value = readValue(bytes.length, 0);
            if (position != bytes.length) {
                throw NotDirect.INSTANCE; // anything after the value (another value, a pad, a marker): ion-java's
            }
            return value;
        }

        /** {@code $ion_symbol_table::{symbols:["…", …]}} and nothing else. */
        private void readSymbolTable() throws NotDirect {
            int descriptor = bytes[position++] & 0xFF;
            int wrapperEnd = end(descriptor & 0x0F);
            int annotationsLength = varUInt();
            if (annotationsLength != 1 || bytes[position++] != (byte) 0x83) {
                throw NotDirect.INSTANCE; // one annotation, $3 ($ion_symbol_table)
            }
            int struct = bytes[position++] & 0xFF;
            if ((struct >> 4) != 0xD || (struct & 0x0F) == 0x0F || (struct & 0x0F) == 1) {
                throw NotDirect.INSTANCE;
            }
            int structEnd = end(struct & 0x0F);
            if (structEnd != wrapperEnd || varUInt() != 7) {
                throw NotDirect.INSTANCE; // exactly one field, symbols ($7)
            }
            int list = bytes[position++] & 0xFF;
            if ((list >> 4) != 0xB || (list & 0x0F) == 0x0F) {
                throw NotDirect.INSTANCE;
            }
            int listEnd = end(list & 0x0F);
            if (listEnd != structEnd) {
                throw NotDirect.INSTANCE;
            }
            String[] symbols = new String[4];
            int count = 0;
            while (position < listEnd) {
                int element = bytes[position++] & 0xFF;
                if ((element >> 4) != 0x8 || (element & 0x0F) == 0x0F) {
                    throw NotDirect.INSTANCE; // a null or non-string entry is a symbol without text
                }
                int stringEnd = end(element & 0x0F);
                if (stringEnd > listEnd) {
                    throw NotDirect.INSTANCE;
                }
                if (count == symbols.length) {
                    symbols = Arrays.copyOf(symbols, count * 2);
                }
                symbols[count++] = text(stringEnd);
            }
            if (position != wrapperEnd || position >= bytes.length) {
                throw NotDirect.INSTANCE;
            }
            localSymbols = Arrays.copyOf(symbols, count);
        }

        private IonValue readValue(int limit, int depth) throws NotDirect {
            if (position >= limit) {
                throw NotDirect.INSTANCE;
            }
            int descriptor = bytes[position++] & 0xFF;
            int type = descriptor >> 4;
            int length = descriptor & 0x0F;
            if (length == 0x0F) {
                return typedNull(type);
            }
            int end = type == 1 ? position : end(length);
            if (end > limit) {
                throw NotDirect.INSTANCE;
            }
            IonValue value = switch (type) {
                case 1 -> bool(length);
                case 2 -> integer(end, false);
                case 3 -> integer(end, true);
                case 4 -> floating(length, end);
                case 5 -> decimal(end);
                case 7 -> symbol(end);
                case 8 -> system.newString(text(end));
                case 9 -> system.newClob(Arrays.copyOfRange(bytes, position, end));
                case 10 -> system.newBlob(Arrays.copyOfRange(bytes, position, end));
                case 11 -> sequence(system.newEmptyList(), end, depth);
                case 12 -> sequence(system.newEmptySexp(), end, depth);
                case 13 -> struct(length, end, depth);
                default -> throw NotDirect.INSTANCE; // pads, timestamps, annotations, reserved
            };
            position = end;
            return value;
        }

        private IonValue typedNull(int type) throws NotDirect {
            IonType ionType = switch (type) {
                case 0 -> IonType.NULL;
                case 1 -> IonType.BOOL;
                case 2, 3 -> IonType.INT;
                case 4 -> IonType.FLOAT;
                case 5 -> IonType.DECIMAL;
                case 6 -> IonType.TIMESTAMP;
                case 7 -> IonType.SYMBOL;
                case 8 -> IonType.STRING;
                case 9 -> IonType.CLOB;
                case 10 -> IonType.BLOB;
                case 11 -> IonType.LIST;
                case 12 -> IonType.SEXP;
                case 13 -> IonType.STRUCT;
                default -> throw NotDirect.INSTANCE;
            };
            return system.newNull(ionType);
        }

        private IonValue bool(int length) throws NotDirect {
            if (length > 1) {
                throw NotDirect.INSTANCE;
            }
            return system.newBool(length == 1);
        }

        private IonValue integer(int end, boolean negative) throws NotDirect {
            int length = end - position;
            if (length == 0) {
                if (negative) {
                    throw NotDirect.INSTANCE; // a negative int needs a magnitude
                }
                return system.newInt(0);
            }
            if (length < 8 || (length == 8 && bytes[position] >= 0)) {
                long magnitude = 0;
                for (int i = position; i < end; i++) {
                    magnitude = (magnitude << 8) | (bytes[i] & 0xFF);
                }
                if (negative && magnitude == 0) {
                    throw NotDirect.INSTANCE; // negative zero is not an Ion int
                }
                return system.newInt(negative ? -magnitude : magnitude);
            }
            BigInteger magnitude = new BigInteger(1, Arrays.copyOfRange(bytes, position, end));
            if (negative && magnitude.signum() == 0) {
                throw NotDirect.INSTANCE;
            }
            return system.newInt(negative ? magnitude.negate() : magnitude);
        }

        private IonValue floating(int length, int end) throws NotDirect {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, position, end - position);
            return switch (length) {
                case 0 -> system.newFloat(0.0);
                case 4 -> system.newFloat(buffer.getFloat());
                case 8 -> system.newFloat(buffer.getDouble());
                default -> throw NotDirect.INSTANCE;
            };
        }

        private IonValue decimal(int end) throws NotDirect {
            if (position == end) {
                return system.newDecimal(BigDecimal.ZERO);
            }
            long exponent = varInt(end);
            if (exponent > Integer.MAX_VALUE || exponent <= Integer.MIN_VALUE) {
                throw NotDirect.INSTANCE;
            }
            BigInteger coefficient;
            int length = end - position;
            if (length == 0) {
                coefficient = BigInteger.ZERO;
            } else {
                boolean negative = (bytes[position] & 0x80) != 0;
                byte[] magnitude = Arrays.copyOfRange(bytes, position, end);
                magnitude[0] &= 0x7F;
                coefficient = new BigInteger(1, magnitude);
                if (negative) {
                    if (coefficient.signum() == 0) {
                        throw NotDirect.INSTANCE; // negative zero: ion-java's Decimal
                    }
                    coefficient = coefficient.negate();
                }
            }
            position = end;
            return system.newDecimal(new BigDecimal(coefficient, (int) -exponent));
        }

        private IonValue symbol(int end) throws NotDirect {
            int length = end - position;
            if (length == 0 || length > 4) {
                throw NotDirect.INSTANCE;
            }
            long id = 0;
            for (int i = position; i < end; i++) {
                id = (id << 8) | (bytes[i] & 0xFF);
            }
            return system.newSymbol(symbolText(id));
        }

        private String symbolText(long id) throws NotDirect {
            if (id >= 1 && id < FIRST_LOCAL_SYMBOL) {
                return SYSTEM_SYMBOLS[(int) id];
            }
            long local = id - FIRST_LOCAL_SYMBOL;
            if (localSymbols == null || local < 0 || local >= localSymbols.length) {
                throw NotDirect.INSTANCE; // $0 or an id without text
            }
            return localSymbols[(int) local];
        }

        private IonValue sequence(IonSequence sequence, int end, int depth) throws NotDirect {
            if (depth >= MAXIMUM_DEPTH) {
                throw NotDirect.INSTANCE;
            }
            while (position < end) {
                sequence.add(readValue(end, depth + 1));
            }
            return sequence;
        }

        private IonValue struct(int length, int end, int depth) throws NotDirect {
            if (length == 1 || depth >= MAXIMUM_DEPTH) {
                throw NotDirect.INSTANCE; // a sorted struct's length form
            }
            IonStruct struct = system.newEmptyStruct();
            while (position < end) {
                long id = varUInt(end);
                String name = symbolText(id);
                struct.add(name, readValue(end, depth + 1));
            }
            return struct;
        }

        /** The end of a value whose length nibble is {@code length}, after a VarUInt length if it is 14. */
        private int end(int length) throws NotDirect {
            int size = length == 0x0E ? varUInt() : length;
            if (size > bytes.length - position) {
                throw NotDirect.INSTANCE;
            }
            return position + size;
        }

        private int varUInt() throws NotDirect {
            long value = varUInt(bytes.length);
            if (value > Integer.MAX_VALUE) {
                throw NotDirect.INSTANCE;
            }
            return (int) value;
        }

        private long varUInt(int limit) throws NotDirect {
            long value = 0;
            for (int i = 0; i < 5; i++) {
                if (position >= limit) {
                    throw NotDirect.INSTANCE;
                }
                int b = bytes[position++] & 0xFF;
                value = (value << 7) | (b & 0x7F);
                if ((b & 0x80) != 0) {
                    return value;
                }
            }
            throw NotDirect.INSTANCE;
        }

        private long varInt(int limit) throws NotDirect {
            if (position >= limit) {
                throw NotDirect.INSTANCE;
            }
            int first = bytes[position++] & 0xFF;
            boolean negative = (first & 0x40) != 0;
            long value = first & 0x3F;
            int b = first;
            for (int i = 0; (b & 0x80) == 0; i++) {
                if (i == 4 || position >= limit) {
                    throw NotDirect.INSTANCE;
                }
                b = bytes[position++] & 0xFF;
                value = (value << 7) | (b & 0x7F);
            }
            return negative ? -value : value;
        }

        /** UTF-8 text up to {@code end}, strictly decoded: malformed text is left to ion-java. */
        private String text(int end) throws NotDirect {
            boolean ascii = true;
            for (int i = position; i < end; i++) {
                if (bytes[i] < 0) {
                    ascii = false;
                    break;
                }
            }
            String text;
            if (ascii) {
                text = new String(bytes, position, end - position, StandardCharsets.ISO_8859_1);
            } else {
                try {
                    CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, position, end - position));
                    text = chars.toString();
                } catch (CharacterCodingException e) {
                    throw NotDirect.INSTANCE;
                }
            }
            position = end;
            return text;
        }
    }
}
