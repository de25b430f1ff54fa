package io.vellum.engine.query.internal.syntax;

import com.amazon.ion.IonValue;
import java.util.List;
import java.util.Optional;

/**
 * A PartiQL expression. Immutable: literal Ion values are read-only, lists are copies, so a parsed statement can be
 * cached and shared by every thread that runs it.
 */
public sealed interface Expression {

    /** A constant: string, number, boolean, null or an Ion literal in backticks (read-only). */
    record Literal(IonValue value) implements Expression {
        public Literal {
            value.makeReadOnly();
        }
    }

    /** The literal {@code MISSING}. */
    record MissingLiteral() implements Expression {
    }

    /** A positional parameter {@code ?}; {@code index} counts from 0 in order of appearance in the text. */
    record Parameter(int index) implements Expression {
    }

    /**
     * A name: a variable bound by FROM / AT / BY, or else a field of the current row (PartiQL's implicit scoping).
     * Names are case-sensitive; {@code quoted} records whether it was written in double quotes.
     */
    record Variable(String name, boolean quoted) implements Expression {
    }

    /** Navigation from {@code root} through field names and indexes: {@code r.Owners.PrimaryOwner}, {@code a[0]}. */
    record Path(Expression root, List<PathStep> steps) implements Expression {
        public Path {
            steps = List.copyOf(steps);
        }
    }

    /** {@code {'k': e, ...}}: keys are expressions that must evaluate to text. */
    record StructConstructor(List<StructEntry> entries) implements Expression {
        public StructConstructor {
            entries = List.copyOf(entries);
        }
    }

    /** One {@code key: value} pair of a struct constructor. */
    record StructEntry(Expression key, Expression value) {
    }

    /** {@code [e, ...]}. */
    record ListConstructor(List<Expression> elements) implements Expression {
        public ListConstructor {
            elements = List.copyOf(elements);
        }
    }

    /** {@code <<e, ...>>}. */
    record BagConstructor(List<Expression> elements) implements Expression {
        public BagConstructor {
            elements = List.copyOf(elements);
        }
    }

    /** A binary operator: arithmetic, comparison, concatenation or logic. */
    record Binary(BinaryOperator operator, Expression left, Expression right) implements Expression {
    }

    /** {@code NOT e}, {@code -e}, {@code +e}. */
    record Unary(UnaryOperator operator, Expression operand) implements Expression {
    }

    /** {@code value [NOT] LIKE pattern [ESCAPE escape]}. */
    record Like(Expression value, Expression pattern, Optional<Expression> escape, boolean negated) implements Expression {
    }

    /** {@code value [NOT] BETWEEN low AND high}. */
    record Between(Expression value, Expression low, Expression high, boolean negated) implements Expression {
    }

    /** {@code value [NOT] IN collection}; {@code (a, b)} after IN is parsed as a list constructor. */
    record In(Expression value, Expression collection, boolean negated) implements Expression {
    }

    /**
     * {@code value IS [NOT] type}: NULL (true for null and MISSING, as in PartiQL), MISSING, or an Ion type name
     * (lower case: bool, int, decimal, float, string, symbol, timestamp, blob, clob, list, sexp, struct).
     */
    record IsType(Expression value, String typeName, boolean negated) implements Expression {
    }

    /** A scalar function call; {@code name} is lower case. Date parts (DATE_ADD(day, …)) arrive as string literals. */
    record FunctionCall(String name, List<Expression> arguments) implements Expression {
        public FunctionCall {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code COUNT(*)} (empty argument), {@code COUNT(e)}, {@code SUM}, {@code MIN}, {@code MAX}, {@code AVG}. */
    record Aggregate(AggregateFunction function, Optional<Expression> argument, boolean distinct) implements Expression {
    }

    /** {@code CAST(value AS type)}; {@code typeName} is lower case with spaces collapsed ("double precision"). */
    record Cast(Expression value, String typeName) implements Expression {
    }

    /** {@code CASE [operand] WHEN … THEN … [ELSE …] END}. */
    record Case(Optional<Expression> operand, List<WhenClause> branches, Optional<Expression> otherwise)
        implements Expression {
        public Case {
            branches = List.copyOf(branches);
        }
    }

    /** One {@code WHEN condition THEN result} branch. */
    record WhenClause(Expression condition, Expression result) {
    }

    /** A parenthesised SELECT used as a value: a bag of its results. */
    record Subquery(SelectQuery query) implements Expression {
    }

    /** {@code EXISTS(e)}: true when {@code e} (usually a subquery) is a non-empty collection. */
    record Exists(Expression operand) implements Expression {
    }

    /** Unary operators. */
    enum UnaryOperator { NOT, NEGATE, PLUS }

    /** The aggregate functions usable without GROUP BY. */
    enum AggregateFunction { COUNT, SUM, MIN, MAX, AVG }

    /** Binary operators with their text as written. */
    enum BinaryOperator {
        OR("OR"), AND("AND"),
        EQUAL("="), NOT_EQUAL("<>"), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">="),
        CONCATENATE("||"), ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%");

        private final String text;

        BinaryOperator(String text) {
            this.text = text;
        }

        /** The operator as PartiQL writes it. */
        public String text() {
            return text;
        }
    }
}
