package io.vellum.engine.query.internal.execution;

import io.vellum.engine.query.StatementLimits;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The range of numbers the evaluator computes with (StatementLimits): at most
 * {@value StatementLimits#MAX_NUMBER_DIGITS} significant digits and, for decimals, exponents within
 * ±{@value StatementLimits#MAX_DECIMAL_EXPONENT}. Operands are checked before an operation and results after it,
 * so no operation ever works on more than a few thousand digits. Values outside the range may still be stored and
 * read; only computing with them is refused.
 */
final class NumberRange {
    private static final BigInteger LIMIT = BigInteger.TEN.pow(StatementLimits.MAX_NUMBER_DIGITS);
    /** Every int of fewer bits than 10^MAX_NUMBER_DIGITS has at most MAX_NUMBER_DIGITS digits. */
    private static final int SAFE_BITS = LIMIT.bitLength() - 1;

    private NumberRange() {
    }

    /** @throws LedgerException LIMIT_EXCEEDED when {@code value} has too many digits; {@code what} names it */
    static BigInteger checked(BigInteger value, String what) {
        if (value.bitLength() > SAFE_BITS && value.abs().compareTo(LIMIT) >= 0) {
            throw outOfRange(what + " (an int of " + digitsOf(value) + " digits)");
        }
        return value;
    }

    /** @throws LedgerException LIMIT_EXCEEDED when {@code value}'s digits or exponent are out of range */
    static BigDecimal checked(BigDecimal value, String what) {
        long exponent = -(long) value.scale();
        if (Math.abs(exponent) > StatementLimits.MAX_DECIMAL_EXPONENT) {
            throw outOfRange(what + " (" + shortText(value) + ")");
        }
        if (value.unscaledValue().bitLength() > LIMIT.bitLength()) {
            throw outOfRange(what + " (" + shortText(value) + ")");
        }
        int precision = value.precision();
        long adjusted = exponent + precision - 1;
        if (precision > StatementLimits.MAX_NUMBER_DIGITS || Math.abs(adjusted) > StatementLimits.MAX_DECIMAL_EXPONENT) {
            throw outOfRange(what + " (" + shortText(value) + ")");
        }
        return value;
    }

    /** Whether {@code digits} characters of text can hold a number in range (cheap test before parsing text). */
    static void checkTextLength(String text, String what) {
        if (text.length() > StatementLimits.MAX_NUMBER_DIGITS + 32) {
            throw outOfRange(what + " (text of " + text.length() + " characters)");
        }
    }

    private static LedgerException outOfRange(String what) {
        return new LedgerException(ErrorCode.LIMIT_EXCEEDED, what + " is outside the number range limit: at most "
            + StatementLimits.MAX_NUMBER_DIGITS + " significant digits and a decimal exponent within ±"
            + StatementLimits.MAX_DECIMAL_EXPONENT);
    }

    private static String shortText(BigDecimal value) {
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.bitLength() <= 128) {
            return value.toString();
        }
        return "a decimal of about " + (long) Math.ceil(unscaled.bitLength() * 0.30103) + " digits, exponent "
            + (-(long) value.scale());
    }

    private static long digitsOf(BigInteger value) {
        return (long) Math.ceil(value.abs().bitLength() * 0.30103);
    }
}
