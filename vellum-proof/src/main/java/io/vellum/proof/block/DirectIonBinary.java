package io.vellum.proof.block;

import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
    static final int FIRST_LOCAL_SYMBOL = 10;
    /** System symbol texts ($1 – $9): a field name among them is written with its system id, not listed locally. */
    static final String[] SYSTEM_SYMBOLS = {null, "$ion", "$ion_1_0", "$ion_symbol_table", "name", "version",
        "imports", "symbols", "max_id", "$ion_shared_symbol_table"};

    /** One writer per thread: its buffer is reused (a writer holds no state between values). */
    private static final ThreadLocal<DirectIonWriter> WRITERS = ThreadLocal.withInitial(DirectIonWriter::new);

    private DirectIonBinary() {
    }

    /** Not on the fast path: the caller reads the bytes with ion-java. Thrown without a stack trace. */
    static final class NotDirect extends Exception {
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
            return WRITERS.get().stream(value);
        } catch (NotDirect | RuntimeException e) {
            return null;
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
            long bits = 0;
            for (int i = position; i < end; i++) {
                bits = (bits << 8) | (bytes[i] & 0xFF);
            }
            return switch (length) {
                case 0 -> system.newFloat(0.0);
                case 4 -> system.newFloat(Float.intBitsToFloat((int) bits));
                case 8 -> system.newFloat(Double.longBitsToDouble(bits));
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

        /** UTF-8 text up to {@code end}; text that is not well-formed UTF-8 is left to ion-java. */
        private String text(int end) throws NotDirect {
            int start = position;
            int i = start;
            boolean ascii = true;
            while (i < end) {
                int b = bytes[i] & 0xFF;
                if (b < 0x80) {
                    i++;
                    continue;
                }
                ascii = false;
                i = wellFormedSequence(i, end, b);
            }
            position = end;
            return new String(bytes, start, end - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }

        /**
         * The end of the multi-byte sequence starting at {@code i} with lead byte {@code lead}, as RFC 3629 defines
         * well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
         */
        private int wellFormedSequence(int i, int end, int lead) throws NotDirect {
            int continuations;
            int lowest = 0x80;
            int highest = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                continuations = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                continuations = 2;
                if (lead == 0xE0) {
                    lowest = 0xA0; // overlong below
                } else if (lead == 0xED) {
                    highest = 0x9F; // surrogates above
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                continuations = 3;
                if (lead == 0xF0) {
                    lowest = 0x90;
                } else if (lead == 0xF4) {
                    highest = 0x8F;
                }
            } else {
                throw NotDirect.INSTANCE;
            }
            if (i + continuations >= end) {
                throw NotDirect.INSTANCE; // the sequence is cut off by the end of the text
            }
            for (int k = 1; k <= continuations; k++) {
                int b = bytes[i + k] & 0xFF;
                int low = k == 1 ? lowest : 0x80;
                int high = k == 1 ? highest : 0xBF;
                if (b < low || b > high) {
                    throw NotDirect.INSTANCE;
                }
            }
            return i + continuations + 1;
        }
    }
}
