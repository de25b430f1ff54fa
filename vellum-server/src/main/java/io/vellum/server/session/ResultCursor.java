package io.vellum.server.session;

import com.amazon.ion.IonValue;
import io.vellum.proof.block.DirectIonBinary;
import io.vellum.proof.block.IonBinary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The values of one statement result, handed out a page at a time. A page holds at most
 * {@value #MAXIMUM_PAGE_VALUES} values and stops after the value that brings it to {@value #MAXIMUM_PAGE_BYTES}
 * bytes of Ion binary (so at least one value, however large). Each value is encoded as its own Ion binary stream
 * (version marker, symbol table, one value), because the QLDB driver reads every {@code IonBinary} with
 * {@code singleValue}. Values are encoded when their page is requested, not before. Not thread-safe: its session
 * serialises access.
 */
final class ResultCursor {
    static final int MAXIMUM_PAGE_VALUES = 200;
    static final int MAXIMUM_PAGE_BYTES = 1 << 20;

    /**
     * One page.
     *
     * @param values   each value's Ion binary
     * @param readIOs  values delivered by a query
     * @param writeIOs documents reported written by a DML or DDL statement
     */
    record Page(List<byte[]> values, long readIOs, long writeIOs) {
    }

    private final List<IonValue> values;
    /** Whether {@link #values} is our own copy, whose encoded entries are released as we go. */
    private final boolean ownCopy;
    private final boolean writes;
    private int position;

    /**
     * @param statement the statement that produced {@code values}; it only decides whether the values count as
     *                  written documents (INSERT, UPDATE, DELETE, FROM, CREATE, DROP, UNDROP, EXEC) or read ones.
     *                  Vellum does not meter storage I/O as QLDB does; ConsumedIOs report these counts instead.
     */
    ResultCursor(List<IonValue> values, String statement) {
        // A result that spans pages outlives this request: copy it, so encoded values can be released early.
        this.ownCopy = values.size() > MAXIMUM_PAGE_VALUES;
        this.values = ownCopy ? new ArrayList<>(values) : values;
        this.writes = isWrite(statement);
    }

    boolean hasMore() {
        return position < values.size();
    }

    Page nextPage() {
        List<byte[]> page = new ArrayList<>(Math.min(MAXIMUM_PAGE_VALUES, values.size() - position));
        long bytes = 0;
        while (position < values.size() && page.size() < MAXIMUM_PAGE_VALUES && bytes < MAXIMUM_PAGE_BYTES) {
            byte[] encoded = encode(values.get(position));
            if (ownCopy) {
                // Release the DOM value once encoded: a large result then holds one copy, not two.
                values.set(position, null);
            }
            position++;
            page.add(encoded);
            bytes += encoded.length;
        }
        return new Page(page, writes ? 0 : page.size(), writes ? page.size() : 0);
    }

    static byte[] encode(IonValue value) {
        byte[] direct = DirectIonBinary.write(value); // the same bytes, without ion-java's writer
        return direct != null ? direct : IonBinary.encode(value);
    }

    private static boolean isWrite(String statement) {
        int start = 0;
        while (start < statement.length() && !Character.isLetter(statement.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < statement.length() && Character.isLetter(statement.charAt(end))) {
            end++;
        }
        return switch (statement.substring(start, end).toUpperCase(Locale.ROOT)) {
            case "INSERT", "UPDATE", "DELETE", "FROM", "CREATE", "DROP", "UNDROP", "EXEC" -> true;
            default -> false;
        };
    }
}
