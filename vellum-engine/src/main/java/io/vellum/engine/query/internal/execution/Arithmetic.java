package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonFloat;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.internal.syntax.Expression.BinaryOperator;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * PartiQL arithmetic and concatenation. The result type widens int → decimal → float; int division truncates toward
 * zero. MISSING in gives MISSING out, null gives null, and a non-number operand gives MISSING (permissive mode).
 * Division by zero is an INVALID_REQUEST rather than a silent MISSING, because a ledger write must not quietly lose a
 * value. Int and decimal operands and results must lie in {@link NumberRange} (LIMIT_EXCEEDED otherwise), checked
 * before computing, so that no operand can make an operation compute millions of digits.
 */
final class Arithmetic {
    private Arithmetic() {
    }

    static IonValue apply(IonSystem ion, BinaryOperator operator, IonValue left, IonValue right) {
        if (left == null || right == null) {
            return null;
        }
        if (operator == BinaryOperator.CONCATENATE) {
            if (left.isNullValue() || right.isNullValue()) {
                return ion.newNull();
            }
            if (!ValueComparison.isText(left) || !ValueComparison.isText(right)) {
                return null;
            }
            return ion.newString(ValueComparison.text(left) + ValueComparison.text(right));
        }
        if (left.isNullValue() || right.isNullValue()) {
            return ion.newNull();
        }
        if (!ValueComparison.isNumber(left) || !ValueComparison.isNumber(right)) {
            return null;
        }
        if (left instanceof IonFloat || right instanceof IonFloat) {
            return ion.newFloat(floating(operator, ValueComparison.doubleOf(left), ValueComparison.doubleOf(right)));
        }
        if (left instanceof IonDecimal || right instanceof IonDecimal) {
            BigDecimal result = decimal(operator, NumberRange.checked(ValueComparison.decimalOf(left), "the left operand of "
                + operator.text()), NumberRange.checked(ValueComparison.decimalOf(right), "the right operand of "
                + operator.text()));
            return ion.newDecimal(NumberRange.checked(result, "the result of " + operator.text()));
        }
        BigInteger result = integer(operator, NumberRange.checked(((IonInt) left).bigIntegerValue(), "the left operand of "
            + operator.text()), NumberRange.checked(((IonInt) right).bigIntegerValue(), "the right operand of "
            + operator.text()));
        return ion.newInt(NumberRange.checked(result, "the result of " + operator.text()));
    }

    static IonValue negate(IonSystem ion, IonValue operand) {
        if (operand == null) {
            return null;
        }
        if (operand.isNullValue()) {
            return ion.newNull();
        }
        if (operand instanceof IonInt integer) {
            return ion.newInt(integer.bigIntegerValue().negate());
        }
        if (operand instanceof IonDecimal decimal) {
            return ion.newDecimal(decimal.bigDecimalValue().negate());
        }
        if (operand instanceof IonFloat floating) {
            return ion.newFloat(-floating.doubleValue());
        }
        return null;
    }

    private static double floating(BinaryOperator operator, double left, double right) {
        return switch (operator) {
            case ADD -> left + right;
            case SUBTRACT -> left - right;
            case MULTIPLY -> left * right;
            case DIVIDE -> left / right;
            case MODULO -> left % right;
            default -> throw new IllegalArgumentException(operator.text());
        };
    }

    private static BigDecimal decimal(BinaryOperator operator, BigDecimal left, BigDecimal right) {
        switch (operator) {
            case ADD:
                return left.add(right);
            case SUBTRACT:
                return left.subtract(right);
            case MULTIPLY:
                return left.multiply(right);
            case DIVIDE:
                requireNonZero(operator, left, right.signum());
                return left.divide(right, MathContext.DECIMAL128);
            case MODULO:
                requireNonZero(operator, left, right.signum());
                return left.remainder(right);
            default:
                throw new IllegalArgumentException(operator.text());
        }
    }

    private static BigInteger integer(BinaryOperator operator, BigInteger left, BigInteger right) {
        switch (operator) {
            case ADD:
                return left.add(right);
            case SUBTRACT:
                return left.subtract(right);
            case MULTIPLY:
                return left.multiply(right);
            case DIVIDE:
                requireNonZero(operator, left, right.signum());
                return left.divide(right);
            case MODULO:
                requireNonZero(operator, left, right.signum());
                return left.remainder(right);
            default:
                throw new IllegalArgumentException(operator.text());
        }
    }

    private static void requireNonZero(BinaryOperator operator, Number left, int rightSignum) {
        if (rightSignum == 0) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "division by zero: " + left + " "
                + operator.text() + " 0 (the divisor of " + operator.text() + " must not be zero)");
        }
    }
}
