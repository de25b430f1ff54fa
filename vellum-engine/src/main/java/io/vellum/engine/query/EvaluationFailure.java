package io.vellum.engine.query;

import com.amazon.ion.IonException;
import java.time.DateTimeException;

/** Words for a Java exception the evaluator let escape, naming the kind of problem but no class or library text. */
final class EvaluationFailure {
    private EvaluationFailure() {
    }

    static String describe(RuntimeException e) {
        if (e instanceof ArithmeticException) {
            return "a numeric result is out of the supported range (at most " + StatementLimits.MAX_NUMBER_DIGITS
                + " digits, decimal exponent within ±" + StatementLimits.MAX_DECIMAL_EXPONENT + ")";
        }
        if (e instanceof NumberFormatException) {
            return "a value could not be converted to a number";
        }
        if (e instanceof DateTimeException) {
            return "a date or time is out of range or malformed";
        }
        if (e instanceof IonException) {
            return "a value is not valid Ion";
        }
        if (e instanceof IndexOutOfBoundsException) {
            return "a position is out of range";
        }
        return "a value is out of range or of an unsupported kind";
    }
}
