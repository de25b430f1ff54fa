package io.vellum.proof.block;

import com.amazon.ion.IntegerSize;
import com.amazon.ion.IonBlob;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonList;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonTimestamp;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.Hash;

/**
 * Strict reading of the Ion structures QLDB prints (blocks, revisions, transaction info). Every accessor names
 * the path of the offending value, so an import failure says exactly what is wrong. Strict because these
 * structures are re-encoded from the records: anything the records cannot represent (an unknown field, an
 * annotation, a duplicate field) would silently change a hash or break the exact round trip.
 */
final class IonFields {
    private final Map<String, IonValue> byName = new HashMap<>();
    private final String path;

    private IonFields(String path) {
        this.path = path;
    }

    /**
     * The fields of {@code struct}, which must be a non-null struct without annotations whose fields are all
     * in {@code allowed}, none repeated.
     */
    static IonFields of(IonValue value, String path, Set<String> allowed) {
        return collect(value, path, allowed, allowed);
    }

    /**
     * The fields named in {@code known} of {@code struct}, which must be a non-null struct without annotations;
     * other fields are allowed (the caller keeps the original value) and ignored, known ones must not repeat.
     */
    static IonFields lenient(IonValue value, String path, Set<String> known) {
        return collect(value, path, null, known);
    }

    private static IonFields collect(IonValue value, String path, Set<String> allowed, Set<String> known) {
        IonStruct struct = struct(value, path);
        IonFields fields = new IonFields(path);
        for (IonValue field : struct) {
            String name = field.getFieldName();
            if (allowed != null && (name == null || !allowed.contains(name))) {
                throw invalid(path, "has unexpected field '" + name + "' (allowed: " + allowed + ")");
            }
            if (name != null && known.contains(name) && fields.byName.put(name, field) != null) {
                throw invalid(path, "has field '" + name + "' more than once");
            }
        }
        return fields;
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The field's value; absent fields fail. */
    IonValue required(String name) {
        IonValue value = byName.get(name);
        if (value == null) {
            throw invalid(path, "lacks required field '" + name + "'");
        }
        return value;
    }

    String path(String name) {
        return path + "." + name;
    }

    String string(String name) {
        return string(required(name), path(name));
    }

    long longValue(String name) {
        return longValue(required(name), path(name));
    }

    Timestamp timestamp(String name) {
        return timestamp(required(name), path(name));
    }

    Hash hash(String name) {
        return hash(required(name), path(name));
    }

    IonList list(String name) {
        return list(required(name), path(name));
    }

    static IonStruct struct(IonValue value, String path) {
        return (IonStruct) plain(value, IonType.STRUCT, path);
    }

    static IonList list(IonValue value, String path) {
        return (IonList) plain(value, IonType.LIST, path);
    }

    static String string(IonValue value, String path) {
        return ((IonString) plain(value, IonType.STRING, path)).stringValue();
    }

    static long longValue(IonValue value, String path) {
        IonInt integer = (IonInt) plain(value, IonType.INT, path);
        if (integer.getIntegerSize() == IntegerSize.BIG_INTEGER) {
            throw invalid(path, "is out of range for a 64-bit integer: " + integer);
        }
        return integer.longValue();
    }

    static int intValue(IonValue value, String path) {
        IonInt integer = (IonInt) plain(value, IonType.INT, path);
        if (integer.getIntegerSize() != IntegerSize.INT) {
            throw invalid(path, "is out of range for a 32-bit integer: " + integer);
        }
        return integer.intValue();
    }

    static Timestamp timestamp(IonValue value, String path) {
        return ((IonTimestamp) plain(value, IonType.TIMESTAMP, path)).timestampValue();
    }

    static Hash hash(IonValue value, String path) {
        byte[] bytes = ((IonBlob) plain(value, IonType.BLOB, path)).getBytes();
        if (bytes.length != 0 && bytes.length != Hash.LENGTH) {
            throw invalid(path, "must be a blob of 0 or " + Hash.LENGTH + " bytes, got " + bytes.length);
        }
        return Hash.of(bytes);
    }

    static BlockAddress blockAddress(IonValue value, String path) {
        IonFields fields = of(value, path, Set.of("strandId", "sequenceNo"));
        long sequenceNo = fields.longValue("sequenceNo");
        if (sequenceNo < 0) {
            throw invalid(fields.path("sequenceNo"), "must be >= 0, got " + sequenceNo);
        }
        return new BlockAddress(fields.string("strandId"), sequenceNo);
    }

    /** {@code value} checked to be a non-null {@code type} without annotations. */
    private static IonValue plain(IonValue value, IonType type, String path) {
        if (value == null) {
            throw invalid(path, "is missing");
        }
        if (value.getType() != type || value.isNullValue()) {
            throw invalid(path, "must be a non-null " + type.name().toLowerCase() + ", got " + describe(value));
        }
        if (value.getTypeAnnotationSymbols().length > 0) {
            throw invalid(path, "must not be annotated, got " + describe(value));
        }
        return value;
    }

    private static String describe(IonValue value) {
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    static LedgerException invalid(String path, String problem) {
        return new LedgerException(ErrorCode.INVALID_REQUEST, path + " " + problem);
    }
}
