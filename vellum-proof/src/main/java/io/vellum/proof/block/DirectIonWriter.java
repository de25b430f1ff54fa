package io.vellum.proof.block;

import com.amazon.ion.Decimal;
import com.amazon.ion.IntegerSize;
import com.amazon.ion.IonBool;
import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonLob;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSymbol;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import io.vellum.proof.block.DirectIonBinary.NotDirect;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * {@link DirectIonBinary#write}: one value in one pass into a growing buffer (a container's length is written after
 * its content, moving the content when the length needs more than the descriptor's nibble), the symbols collected on
 * the way in the order ion-java's writer adds them, then the version marker and the symbol table in front. Throws
 * {@link NotDirect} for every part it does not write. Kept per thread by {@link DirectIonBinary} (its buffer is what
 * the thread reuses); not thread-safe.
 */
final class DirectIonWriter {
    private byte[] out = new byte[64];
    private int position;
    private String[] symbols;
    private int symbolCount;

    /** {@code value} as a stream; the writer can be used again afterwards, also after a {@link NotDirect}. */
    byte[] stream(IonValue value) throws NotDirect {
        position = 0;
        for (int i = 0; i < symbolCount; i++) {
            symbols[i] = null;
        }
        symbolCount = 0;
        if (out.length > 4096) {
            out = new byte[64]; // a large value's buffer is not kept for the next one
        }
        writeValue(value, 0);
        int valueSize = position;
        if (symbolCount == 0) {
            byte[] stream = new byte[4 + valueSize];
            versionMarker(stream);
            System.arraycopy(out, 0, stream, 4, valueSize);
            return stream;
        }
        // $ion_symbol_table::{symbols:["…", …]} in front of the value
        int listContent = 0;
        for (int i = 0; i < symbolCount; i++) {
            int length = utf8Length(symbols[i]);
            listContent += headerSize(length) + length;
        }
        int structContent = 1 + headerSize(listContent) + listContent;
        int wrapperContent = 2 + headerSize(structContent) + structContent;
        int tableSize = headerSize(wrapperContent) + wrapperContent;
        byte[] valueBuffer = out;
        byte[] stream = new byte[4 + tableSize + valueSize];
        versionMarker(stream);
        out = stream; // the table is written straight into the stream (exactly sized: nothing grows)
        position = 4;
        writeTable(wrapperContent, structContent, listContent);
        out = valueBuffer; // kept for the next value (any buffer would do after a failure)
        System.arraycopy(valueBuffer, 0, stream, 4 + tableSize, valueSize);
        return stream;
    }

    private void writeTable(int wrapperContent, int structContent, int listContent) throws NotDirect {
        header(0xE, wrapperContent);
        out[position++] = (byte) 0x81;
        out[position++] = (byte) 0x83;
        header(0xD, structContent);
        out[position++] = (byte) 0x87;
        header(0xB, listContent);
        for (int i = 0; i < symbolCount; i++) {
            string(symbols[i]);
        }
    }

    private static void versionMarker(byte[] stream) {
        stream[0] = (byte) 0xE0;
        stream[1] = 0x01;
        stream[2] = 0x00;
        stream[3] = (byte) 0xEA;
    }

    private void writeValue(IonValue value, int depth) throws NotDirect {
        if (value.getTypeAnnotationSymbols().length != 0) {
            throw NotDirect.INSTANCE;
        }
        IonType type = value.getType();
        if (value.isNullValue()) {
            ensure(1);
            out[position++] = (byte) (typeCode(type) << 4 | 0x0F);
            return;
        }
        switch (type) {
            case BOOL -> {
                ensure(1);
                out[position++] = (byte) (0x10 | (((IonBool) value).booleanValue() ? 1 : 0));
            }
            case INT -> integer((IonInt) value);
            case DECIMAL -> decimal((IonDecimal) value);
            case SYMBOL -> {
                int id = symbolId(((IonSymbol) value).stringValue());
                int size = id < 0x100 ? 1 : id < 0x10000 ? 2 : id < 0x1000000 ? 3 : 4;
                ensure(1 + size);
                out[position++] = (byte) (0x70 | size);
                for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
                    out[position++] = (byte) (id >>> shift);
                }
            }
            case STRING -> string(((IonString) value).stringValue());
            case CLOB, BLOB -> {
                byte[] bytes = ((IonLob) value).getBytes();
                header(type == IonType.CLOB ? 0x9 : 0xA, bytes.length);
                ensure(bytes.length);
                System.arraycopy(bytes, 0, out, position, bytes.length);
                position += bytes.length;
            }
            case LIST, SEXP, STRUCT -> {
                if (depth >= DirectIonBinary.MAXIMUM_DEPTH) {
                    throw NotDirect.INSTANCE;
                }
                ensure(1);
                int start = position++;
                if (type == IonType.STRUCT) {
                    for (IonValue child : (IonStruct) value) {
                        varUInt(symbolId(child.getFieldName()));
                        writeValue(child, depth + 1);
                    }
                } else {
                    for (IonValue child : (IonSequence) value) {
                        writeValue(child, depth + 1);
                    }
                }
                closeContainer(typeCode(type), start);
            }
            default -> throw NotDirect.INSTANCE; // timestamps, floats
        }
    }

    /** Writes the descriptor (and length) of the container whose content follows {@code start}. */
    private void closeContainer(int type, int start) {
        int length = position - start - 1;
        if (length < 14) {
            out[start] = (byte) (type << 4 | length);
            return;
        }
        int lengthSize = varUIntSize(length);
        ensure(lengthSize);
        System.arraycopy(out, start + 1, out, start + 1 + lengthSize, length);
        out[start] = (byte) (type << 4 | 0x0E);
        int end = position + lengthSize;
        position = start + 1;
        varUInt(length);
        position = end;
    }

    private void integer(IonInt value) throws NotDirect {
        if (value.getIntegerSize() == IntegerSize.BIG_INTEGER) {
            throw NotDirect.INSTANCE; // ion-java keeps a BigInteger's sign byte: left to it
        }
        long integer = value.longValue();
        long magnitude = integer < 0 ? -integer : integer; // Long.MIN_VALUE: its bit pattern read unsigned
        int size = (Long.SIZE - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
        ensure(1 + size);
        out[position++] = (byte) ((integer < 0 ? 0x30 : 0x20) | size);
        for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
            out[position++] = (byte) (magnitude >>> shift);
        }
    }

    /** Exponent (VarInt) and coefficient (signed Int, omitted when zero); 0d0 is the bare descriptor. */
    private void decimal(IonDecimal value) throws NotDirect {
        BigDecimal decimal = value.bigDecimalValue();
        if (Decimal.isNegativeZero(value.decimalValue())) {
            throw NotDirect.INSTANCE;
        }
        if (decimal.signum() == 0 && decimal.scale() == 0) {
            ensure(1);
            out[position++] = 0x50;
            return;
        }
        long exponent = -(long) decimal.scale();
        long exponentMagnitude = Math.abs(exponent);
        int exponentSize = 1;
        while (exponentMagnitude >= (1L << (6 + 7 * (exponentSize - 1)))) {
            exponentSize++;
        }
        BigInteger unscaled = decimal.unscaledValue();
        int coefficientSize;
        long coefficient = 0;
        byte[] bigCoefficient = null;
        if (unscaled.bitLength() < 63) {
            coefficient = unscaled.longValue();
            long magnitude = Math.abs(coefficient);
            // one more bit for the sign; none at all for zero
            coefficientSize = magnitude == 0 ? 0 : (Long.SIZE - Long.numberOfLeadingZeros(magnitude) + 1 + 7) / 8;
        } else {
            // the magnitude, with a leading zero byte when its top bit is set: room for the sign bit
            bigCoefficient = unscaled.abs().toByteArray();
            if (unscaled.signum() < 0) {
                bigCoefficient[0] |= (byte) 0x80;
            }
            coefficientSize = bigCoefficient.length;
        }
        int length = exponentSize + coefficientSize;
        header(0x5, length);
        ensure(length);
        for (int i = 0; i < exponentSize; i++) {
            int group = (int) ((exponentMagnitude >>> (7 * (exponentSize - 1 - i))) & (i == 0 ? 0x3F : 0x7F));
            if (i == 0 && exponent < 0) {
                group |= 0x40;
            }
            if (i == exponentSize - 1) {
                group |= 0x80;
            }
            out[position++] = (byte) group;
        }
        if (bigCoefficient != null) {
            System.arraycopy(bigCoefficient, 0, out, position, coefficientSize);
            position += coefficientSize;
        } else if (coefficientSize > 0) {
            long magnitude = Math.abs(coefficient);
            int first = position;
            for (int shift = (coefficientSize - 1) * 8; shift >= 0; shift -= 8) {
                out[position++] = (byte) (magnitude >>> shift);
            }
            if (coefficient < 0) {
                out[first] |= (byte) 0x80;
            }
        }
    }

    /** A string as UTF-8; text with surrogates (pairs and unpaired ones) is left to ion-java. */
    private void string(String text) throws NotDirect {
        int length = utf8Length(text);
        header(0x8, length);
        ensure(length);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[position++] = (byte) c;
            } else if (c < 0x800) {
                out[position++] = (byte) (0xC0 | (c >> 6));
                out[position++] = (byte) (0x80 | (c & 0x3F));
            } else {
                out[position++] = (byte) (0xE0 | (c >> 12));
                out[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[position++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private static int utf8Length(String text) throws NotDirect {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isSurrogate(c)) {
                throw NotDirect.INSTANCE;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** The local id of {@code text}, added when first seen; system symbols' texts are left to ion-java. */
    private int symbolId(String text) throws NotDirect {
        if (text == null) {
            throw NotDirect.INSTANCE;
        }
        for (int i = 0; i < symbolCount; i++) {
            if (symbols[i].equals(text)) {
                return DirectIonBinary.FIRST_LOCAL_SYMBOL + i;
            }
        }
        for (int i = 1; i < DirectIonBinary.SYSTEM_SYMBOLS.length; i++) {
            if (DirectIonBinary.SYSTEM_SYMBOLS[i].equals(text)) {
                throw NotDirect.INSTANCE;
            }
        }
        if (symbols == null) {
            symbols = new String[4];
        } else if (symbolCount == symbols.length) {
            symbols = Arrays.copyOf(symbols, symbolCount * 2);
        }
        symbols[symbolCount] = text;
        return DirectIonBinary.FIRST_LOCAL_SYMBOL + symbolCount++;
    }

    private void header(int type, int length) {
        ensure(headerSize(length));
        if (length < 14) {
            out[position++] = (byte) (type << 4 | length);
        } else {
            out[position++] = (byte) (type << 4 | 0x0E);
            varUInt(length);
        }
    }

    private void varUInt(int value) {
        int size = varUIntSize(value);
        ensure(size);
        for (int i = size - 1; i >= 0; i--) {
            int group = (value >>> (7 * i)) & 0x7F;
            out[position++] = (byte) (i == 0 ? group | 0x80 : group);
        }
    }

    private void ensure(int more) {
        if (position + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, position + more));
        }
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
}
