package io.vellum.engine.query;

import com.amazon.ion.IonContainer;
import com.amazon.ion.IonException;
import com.amazon.ion.IonReader;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Fixed limits on what one statement may ask of the engine, so that hostile input is refused with a
 * {@link ErrorCode#LIMIT_EXCEEDED} naming the limit instead of exhausting a thread's stack, the CPU or the heap.
 * QLDB documents none of these (its quotas cover statement length, parameter and document size only), so they are
 * Vellum's choices (docs/DECISIONS.md, "Statement limits"). Each is far above what applications write and below
 * what breaks a 512 KiB thread stack, half the JVM's default (tests run every hostile case on such a stack).
 *
 * <ul>
 *   <li>{@value #MAX_EXPRESSION_DEPTH} levels of expression nesting: parentheses, brackets, struct and list
 *       literals, NOT, unary signs, function arguments, CASE, CAST and FROM items each add a level (a subquery two:
 *       itself and its query's expressions), and so does every
 *       operator of a chain ({@code a + b + c} is two levels, {@code x = 1 OR x = 2 OR x = 3} five), because the
 *       planner and evaluator walk the tree recursively. Long OR chains are better written {@code x IN (1, 2, 3)}.</li>
 *   <li>{@value #MAX_FROM_ITEMS} FROM items in one query.</li>
 *   <li>{@value #MAX_VALUE_DEPTH} levels of container nesting in any Ion value the engine accepts or stores:
 *       statement parameters, Ion literals in backticks and every document written ({@code {a:{b:[1]}}} is 3).</li>
 *   <li>{@value #MAX_NUMBER_DIGITS} significant digits and a decimal exponent within
 *       ±{@value #MAX_DECIMAL_EXPONENT} for the result of arithmetic, SUM/AVG and CAST to a number, checked before
 *       the work is done (so {@code 1d999999999 + 1} is refused at once instead of computing a billion digits).</li>
 *   <li>{@value #MAX_RESULT_BYTES} bytes (an upper bound of the Ion binary size) of results of one statement, and
 *       {@value #MAX_QUERY_ROWS} rows collected by one query (so a cross join cannot fill the heap).</li>
 *   <li>Time: a statement checks its transaction's timeout (QLDB's 30 s) as it goes through rows and stops with
 *       TRANSACTION_EXPIRED when it passes, instead of running on after the transaction is dead.</li>
 * </ul>
 */
public final class StatementLimits {
    /** Deepest expression tree a statement may have (see the class comment for what counts as a level). */
    public static final int MAX_EXPRESSION_DEPTH = 100;
    /** Most FROM items of one query (the executor binds them recursively, one level per item). */
    public static final int MAX_FROM_ITEMS = 100;
    /** Deepest container nesting of a parameter, Ion literal or written document; {@code {a:[1]}} is 2. */
    public static final int MAX_VALUE_DEPTH = 100;
    /** Most significant digits of a computed int or decimal. */
    public static final int MAX_NUMBER_DIGITS = 1000;
    /** Largest magnitude of a computed decimal's exponent (in Ion's {@code 1d<exponent>} notation). */
    public static final int MAX_DECIMAL_EXPONENT = 10_000;
    /** Most bytes of results one statement may return (32 MiB, an upper bound of their Ion binary size). */
    public static final long MAX_RESULT_BYTES = 32L << 20;
    /** Most rows (combinations of FROM items that pass WHERE) one query, or subquery run, may collect. */
    public static final int MAX_QUERY_ROWS = 1_000_000;

    private StatementLimits() {
    }

    /**
     * Refuses a value nested deeper than {@value #MAX_VALUE_DEPTH} containers. Iterative, so it is safe on any
     * value however deep, and it stops as soon as the limit is passed.
     *
     * @param what names the value in the message ("parameter 2", "document")
     * @throws LedgerException LIMIT_EXCEEDED naming {@code what}, the limit and the depth reached
     */
    public static void checkValueDepth(IonValue value, String what) {
        if (!(value instanceof IonContainer root)) {
            return;
        }
        Deque<Iterator<IonValue>> open = new ArrayDeque<>();
        open.push(root.iterator());
        requireDepth(1, what);
        while (!open.isEmpty()) {
            Iterator<IonValue> children = open.peek();
            if (!children.hasNext()) {
                open.pop();
                continue;
            }
            if (children.next() instanceof IonContainer child) {
                requireDepth(open.size() + 1, what);
                if (!child.isNullValue() && !child.isEmpty()) {
                    open.push(child.iterator());
                }
            }
        }
    }

    /**
     * Refuses Ion text whose values nest deeper than {@value #MAX_VALUE_DEPTH} containers, reading it as a stream
     * (never building the values, whose construction recurses), so that it can be checked before it is loaded.
     *
     * @throws IonException when the text is not valid Ion (callers report that as they report any invalid Ion)
     * @throws LedgerException LIMIT_EXCEEDED naming {@code what}, the limit and the depth reached
     */
    public static void checkIonTextDepth(IonSystem ion, String text, String what) {
        try (IonReader reader = ion.newReader(text)) {
            int depth = 0;
            while (true) {
                IonType type = reader.next();
                if (type == null) {
                    if (depth == 0) {
                        return;
                    }
                    reader.stepOut();
                    depth--;
                } else if (IonType.isContainer(type)) {
                    requireDepth(depth + 1, what);
                    if (!reader.isNullValue()) {
                        reader.stepIn();
                        depth++;
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new IonException(e);
        }
    }

    /**
     * Refuses a container at nesting {@code depth} (the outermost container is 1) when that is deeper than
     * {@value #MAX_VALUE_DEPTH}: the check {@link #checkValueDepth} makes at each container, for walks that check
     * depth while doing other work on the way.
     *
     * @throws LedgerException LIMIT_EXCEEDED naming {@code what}, the limit and the depth reached
     */
    public static void requireValueDepth(int depth, String what) {
        requireDepth(depth, what);
    }

    private static void requireDepth(int depth, String what) {
        if (depth > MAX_VALUE_DEPTH) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, what + " nests containers more than "
                + MAX_VALUE_DEPTH + " levels deep (the value nesting depth limit is " + MAX_VALUE_DEPTH + ")");
        }
    }
}
