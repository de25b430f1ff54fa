package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonContainer;
import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonLob;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.StatementLimits;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.List;

/**
 * Checks the results of one statement against {@link StatementLimits#MAX_RESULT_BYTES} with a cheap upper bound of
 * their Ion binary size (UTF-8 text at 3 bytes a character, a 5-byte header per value, 5 bytes plus the name per
 * struct field). Results are at most a few hundred levels deep (stored documents and parameters are bounded, and
 * so are expressions), so the recursion here is bounded too.
 */
final class ResultSize {
    private static final long HEADER = 5;

    private ResultSize() {
    }

    /** @throws LedgerException LIMIT_EXCEEDED when the results' size bound passes the limit */
    static void check(List<IonValue> results) {
        long total = 0;
        for (IonValue value : results) {
            total += bound(value);
            if (total > StatementLimits.MAX_RESULT_BYTES) {
                throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "the results of the statement exceed "
                    + StatementLimits.MAX_RESULT_BYTES + " bytes (the result size limit is "
                    + StatementLimits.MAX_RESULT_BYTES + " bytes per statement); select fewer or smaller values");
            }
        }
    }

    private static long bound(IonValue value) {
        long size = HEADER;
        for (String annotation : value.getTypeAnnotations()) {
            size += HEADER + 3L * annotation.length();
        }
        if (value.isNullValue()) {
            return size;
        }
        if (value instanceof IonText text) {
            return size + 3L * text.stringValue().length();
        }
        if (value instanceof IonLob lob) {
            return size + lob.byteSize();
        }
        if (value instanceof IonInt integer) {
            return size + integer.bigIntegerValue().bitLength() / 8 + 1;
        }
        if (value instanceof IonDecimal decimal) {
            return size + 10 + decimal.bigDecimalValue().unscaledValue().bitLength() / 8 + 1;
        }
        if (value instanceof IonContainer container) {
            for (IonValue child : container) {
                size += bound(child);
                if (child.getFieldName() != null) {
                    size += HEADER + 3L * child.getFieldName().length();
                }
            }
            return size;
        }
        return size + 32; // float, bool, timestamp (the longest: offset, fraction)
    }
}
