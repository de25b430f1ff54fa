package io.vellum.engine.query.internal.syntax;

import com.amazon.ion.IonException;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.internal.syntax.Expression.AggregateFunction;
import io.vellum.engine.query.internal.syntax.Expression.BinaryOperator;
import io.vellum.engine.query.internal.syntax.Expression.UnaryOperator;
import io.vellum.engine.query.StatementLimits;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recursive-descent parser of PartiQL expressions (SELECT queries are parsed by the {@link QueryParser} subclass),
 * with precedence climbing for the binary operators.
 *
 * <p>Precedence, loosest first: OR; AND; NOT; comparisons and the predicates IN / LIKE / BETWEEN / IS; {@code ||};
 * {@code + -}; {@code * / %}; unary {@code - +}; path steps. Positional parameters are numbered in the order they
 * appear in the text, which is the order the parser meets them.
 *
 * <p>Nesting is bounded by {@link StatementLimits#MAX_EXPRESSION_DEPTH} as the parser descends, and chains of
 * operators are read in a loop, so no statement can exhaust the parser's stack; {@link ExpressionDepth} then bounds
 * the depth of the tree the chains build.
 */
abstract class ExpressionParser extends TokenCursor {
    private static final Set<String> DATE_PART_FUNCTIONS = Set.of("date_add", "date_diff");
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "min", "max", "avg");
    /** Type names accepted after IS, with the name the evaluator tests for. */
    private static final java.util.Map<String, String> TYPE_NAMES = java.util.Map.ofEntries(
        java.util.Map.entry("null", "null"), java.util.Map.entry("missing", "missing"),
        java.util.Map.entry("bool", "bool"), java.util.Map.entry("boolean", "bool"), java.util.Map.entry("int", "int"),
        java.util.Map.entry("integer", "int"), java.util.Map.entry("decimal", "decimal"),
        java.util.Map.entry("float", "float"), java.util.Map.entry("string", "string"),
        java.util.Map.entry("symbol", "symbol"), java.util.Map.entry("timestamp", "timestamp"),
        java.util.Map.entry("blob", "blob"), java.util.Map.entry("clob", "clob"), java.util.Map.entry("list", "list"),
        java.util.Map.entry("sexp", "sexp"), java.util.Map.entry("struct", "struct"), java.util.Map.entry("tuple", "struct"));

    // Precedence levels of the binary operators, loosest first (NOT is a prefix between AND and the predicates).
    private static final int OR = 0;
    private static final int AND = 1;
    private static final int NOT = 2;
    private static final int PREDICATE = 3;
    private static final int CONCATENATION = 4;
    private static final int ADDITIVE = 5;
    private static final int MULTIPLICATIVE = 6;

    final IonSystem ion;
    private int parameterCount;
    /** Levels of nesting the descent is in now (see {@link #enterNesting}). */
    private int nesting;

    ExpressionParser(List<Token> tokens, IonSystem ion) {
        super(tokens);
        this.ion = ion;
    }

    /** How many {@code ?} were parsed so far. */
    final int parameterCount() {
        return parameterCount;
    }

    final Expression parseExpression() {
        enterNesting();
        Expression expression = parseBinary(OR);
        leaveNesting();
        return expression;
    }

    /**
     * Counts one more level of nesting and refuses more than {@link StatementLimits#MAX_EXPRESSION_DEPTH}, so that
     * the recursive descent can never exhaust the stack. Levels left by an exception need no undoing: the parser is
     * abandoned with it.
     */
    final void enterNesting() {
        if (++nesting > StatementLimits.MAX_EXPRESSION_DEPTH) {
            Token token = peek();
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "expressions nest more than "
                + StatementLimits.MAX_EXPRESSION_DEPTH + " levels deep at line " + token.line() + ", column "
                + token.column() + " (the expression nesting depth limit is " + StatementLimits.MAX_EXPRESSION_DEPTH
                + "; parentheses, brackets, NOT, signs, function calls, FROM items and subqueries each add a level)");
        }
    }

    final void leaveNesting() {
        nesting--;
    }

    /**
     * An expression of operators binding at least as tightly as {@code level} (precedence climbing). One loop reads
     * every operator of a chain and one frame serves all levels, so chains never recurse and a level of nesting
     * (parentheses, brackets, calls) costs a handful of stack frames instead of one per precedence level.
     */
    private Expression parseBinary(int level) {
        Expression left;
        if (level <= NOT && atKeyword("not")) {
            advance();
            enterNesting();
            Expression operand = parseBinary(NOT);
            leaveNesting();
            left = new Expression.Unary(UnaryOperator.NOT, operand);
        } else {
            left = parseUnary();
        }
        while (true) {
            if (level <= OR && acceptKeyword("or")) {
                left = new Expression.Binary(BinaryOperator.OR, left, parseBinary(AND));
            } else if (level <= AND && acceptKeyword("and")) {
                left = new Expression.Binary(BinaryOperator.AND, left, parseBinary(NOT));
            } else if (level <= PREDICATE && atPredicate()) {
                left = parsePredicate(left);
            } else if (level <= CONCATENATION && acceptSymbol("||")) {
                left = new Expression.Binary(BinaryOperator.CONCATENATE, left, parseBinary(ADDITIVE));
            } else if (level <= ADDITIVE && (atSymbol("+") || atSymbol("-"))) {
                BinaryOperator operator = advance().text().equals("+") ? BinaryOperator.ADD : BinaryOperator.SUBTRACT;
                left = new Expression.Binary(operator, left, parseBinary(MULTIPLICATIVE));
            } else if (level <= MULTIPLICATIVE && (atSymbol("*") || atSymbol("/") || atSymbol("%"))) {
                BinaryOperator operator = switch (advance().text()) {
                    case "*" -> BinaryOperator.MULTIPLY;
                    case "/" -> BinaryOperator.DIVIDE;
                    default -> BinaryOperator.MODULO;
                };
                left = new Expression.Binary(operator, left, parseUnary());
            } else {
                return left;
            }
        }
    }

    /** Whether a comparison or a predicate (IN, LIKE, BETWEEN, IS, with NOT) follows. */
    private boolean atPredicate() {
        return comparisonOperator() != null || atKeyword("in") || atKeyword("like") || atKeyword("between")
            || atKeyword("is") || (atKeyword("not")
            && (peek(1).isKeyword("in") || peek(1).isKeyword("like") || peek(1).isKeyword("between")));
    }

    /** One comparison or predicate applied to {@code left}; its operands bind tighter than the predicates. */
    private Expression parsePredicate(Expression left) {
        BinaryOperator comparison = comparisonOperator();
        if (comparison != null) {
            advance();
            return new Expression.Binary(comparison, left, parseBinary(CONCATENATION));
        }
        boolean negated = acceptKeyword("not");
        if (acceptKeyword("in")) {
            return new Expression.In(left, parseInCollection(), negated);
        }
        if (acceptKeyword("like")) {
            Expression pattern = parseBinary(CONCATENATION);
            Optional<Expression> escape = acceptKeyword("escape") ? Optional.of(parseBinary(CONCATENATION))
                : Optional.empty();
            return new Expression.Like(left, pattern, escape, negated);
        }
        if (acceptKeyword("between")) {
            Expression low = parseBinary(CONCATENATION);
            expectKeyword("and");
            return new Expression.Between(left, low, parseBinary(CONCATENATION), negated);
        }
        expectKeyword("is");
        boolean not = acceptKeyword("not");
        Token type = peek();
        String typeName = type.type() == TokenType.WORD ? TYPE_NAMES.get(type.lowerText()) : null;
        if (typeName == null) {
            throw unexpected("NULL, MISSING or a type name after IS");
        }
        advance();
        return new Expression.IsType(left, typeName, not);
    }

    private BinaryOperator comparisonOperator() {
        Token token = peek();
        if (token.type() != TokenType.SYMBOL) {
            return null;
        }
        return switch (token.text()) {
            case "=" -> BinaryOperator.EQUAL;
            case "!=", "<>" -> BinaryOperator.NOT_EQUAL;
            case "<" -> BinaryOperator.LESS;
            case "<=" -> BinaryOperator.LESS_OR_EQUAL;
            case ">" -> BinaryOperator.GREATER;
            case ">=" -> BinaryOperator.GREATER_OR_EQUAL;
            default -> null;
        };
    }

    /** After IN: {@code (e, …)} is always a list (even with one element); anything else is an ordinary operand. */
    private Expression parseInCollection() {
        if (atSymbol("(") && !peek(1).isKeyword("select")) {
            advance();
            List<Expression> elements = new ArrayList<>();
            elements.add(parseExpression());
            while (acceptSymbol(",")) {
                elements.add(parseExpression());
            }
            expectSymbol(")");
            return new Expression.ListConstructor(elements);
        }
        return parseBinary(CONCATENATION);
    }

    private Expression parseUnary() {
        if (acceptSymbol("-")) {
            enterNesting();
            Expression operand = parseUnary();
            leaveNesting();
            // Fold "-5" into a literal so that it stays an index key / constant and prints as written.
            if (operand instanceof Expression.Literal literal && literal.value() instanceof com.amazon.ion.IonNumber) {
                return new Expression.Literal(negate(literal.value()));
            }
            return new Expression.Unary(UnaryOperator.NEGATE, operand);
        }
        if (acceptSymbol("+")) {
            enterNesting();
            Expression operand = parseUnary();
            leaveNesting();
            return new Expression.Unary(UnaryOperator.PLUS, operand);
        }
        return parsePostfix();
    }

    private IonValue negate(IonValue number) {
        if (number instanceof com.amazon.ion.IonInt integer) {
            return ion.newInt(integer.bigIntegerValue().negate());
        }
        if (number instanceof com.amazon.ion.IonDecimal decimal) {
            return ion.newDecimal(decimal.bigDecimalValue().negate());
        }
        return ion.newFloat(-((com.amazon.ion.IonFloat) number).doubleValue());
    }

    /**
     * A primary followed by {@code .name}, {@code [index]} and wildcard {@code [*]} / {@code .*} steps. Stops before a
     * final {@code .*} (the projection form {@code SELECT x.*}); a {@code .*} followed by more steps is a wildcard.
     */
    final Expression parsePostfix() {
        Expression root = parsePrimary();
        List<PathStep> steps = new ArrayList<>();
        while (true) {
            if (atSymbol(".") && peek(1).isSymbol("*") && (peek(2).isSymbol(".") || peek(2).isSymbol("["))) {
                advance();
                advance();
                steps.add(new PathStep.AllFieldValues());
            } else if (atSymbol(".") && !peek(1).isSymbol("*")) {
                advance();
                Token name = peek();
                if (name.type() != TokenType.WORD && name.type() != TokenType.QUOTED_IDENTIFIER) {
                    throw unexpected("a field name after '.'");
                }
                advance();
                steps.add(new PathStep.Field(name.text()));
            } else if (atSymbol("[")) {
                advance();
                if (acceptSymbol("*")) {
                    steps.add(new PathStep.AllElements());
                } else {
                    steps.add(new PathStep.Index(parseExpression()));
                }
                expectSymbol("]");
            } else {
                break;
            }
        }
        return steps.isEmpty() ? root : new Expression.Path(root, steps);
    }

    private Expression parsePrimary() {
        Token token = peek();
        switch (token.type()) {
            case STRING:
                advance();
                return new Expression.Literal(ion.newString(token.text()));
            case INTEGER:
                advance();
                return new Expression.Literal(ion.newInt(new BigInteger(token.text())));
            case DECIMAL:
                advance();
                return new Expression.Literal(ion.newDecimal(new BigDecimal(token.text())));
            case FLOAT:
                advance();
                return new Expression.Literal(ion.newFloat(Double.parseDouble(token.text())));
            case ION:
                advance();
                return new Expression.Literal(ionLiteral(token));
            case PARAMETER:
                advance();
                return new Expression.Parameter(parameterCount++);
            case QUOTED_IDENTIFIER:
                advance();
                return new Expression.Variable(token.text(), true);
            case WORD:
                return parseWord(token);
            case SYMBOL:
                if (token.isSymbol("@")) {
                    // PartiQL's "@name": the variable name, never a field of the current row.
                    advance();
                    Token name = peek();
                    if (name.type() != TokenType.WORD && name.type() != TokenType.QUOTED_IDENTIFIER) {
                        throw unexpected("a variable name after '@'");
                    }
                    advance();
                    return new Expression.Variable(name.text(), name.type() == TokenType.QUOTED_IDENTIFIER);
                }
                return parseBracketed(token);
            default:
                throw unexpected("an expression");
        }
    }

    private IonValue ionLiteral(Token token) {
        try {
            // Checked as a stream first: building a deeply nested value recurses.
            StatementLimits.checkIonTextDepth(ion, token.text(), "the Ion literal at line " + token.line()
                + ", column " + token.column());
            return ion.singleValue(token.text());
        } catch (IonException | UnsupportedOperationException e) {
            throw errorAt(token, "invalid Ion literal `" + abbreviated(token.text()) + "`");
        }
    }

    /** Long literal text shortened for a message: its first 60 characters and how many more there are. */
    static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 60) + "… (" + (text.length() - 60) + " more characters)";
    }

    private Expression parseWord(Token token) {
        String word = token.lowerText();
        switch (word) {
            case "null":
                advance();
                return new Expression.Literal(ion.newNull());
            case "missing":
                advance();
                return new Expression.MissingLiteral();
            case "true":
            case "false":
                advance();
                return new Expression.Literal(ion.newBool(word.equals("true")));
            case "case":
                return parseCase();
            case "cast":
                return parseCast();
            case "exists":
                advance();
                expectSymbol("(");
                Expression operand = atKeyword("select") ? parseSubquery() : parseExpression();
                expectSymbol(")");
                return new Expression.Exists(operand);
            case "select":
                throw errorAt(token, "a subquery must be enclosed in parentheses");
            case "date":
                if (peek(1).type() == TokenType.STRING) {
                    // DATE 'YYYY-MM-DD' has no Ion type of its own: it becomes a day-precision timestamp.
                    advance();
                    Token text = advance();
                    if (!text.text().matches("\\d{4}-\\d{2}-\\d{2}")) {
                        throw errorAt(text, "a DATE literal must look like 'YYYY-MM-DD', not '" + text.text() + "'");
                    }
                    try {
                        return new Expression.Literal(ion.newTimestamp(com.amazon.ion.Timestamp.valueOf(text.text() + "T")));
                    } catch (IllegalArgumentException e) {
                        throw errorAt(text, "invalid DATE '" + text.text() + "': " + e.getMessage());
                    }
                }
                break;
            default:
                break;
        }
        if (peek(1).isSymbol("(")) {
            return parseCall(token);
        }
        if (RESERVED.contains(word)) {
            throw unexpected("an expression");
        }
        advance();
        return new Expression.Variable(token.text(), false);
    }

    private Expression parseBracketed(Token token) {
        switch (token.text()) {
            case "(": {
                advance();
                if (atKeyword("select")) {
                    Expression subquery = parseSubquery();
                    expectSymbol(")");
                    return subquery;
                }
                Expression first = parseExpression();
                if (atSymbol(",")) {
                    List<Expression> elements = new ArrayList<>(List.of(first));
                    while (acceptSymbol(",")) {
                        elements.add(parseExpression());
                    }
                    expectSymbol(")");
                    return new Expression.ListConstructor(elements);
                }
                expectSymbol(")");
                return first;
            }
            case "[": {
                advance();
                List<Expression> elements = parseElements("]");
                return new Expression.ListConstructor(elements);
            }
            case "<<": {
                advance();
                List<Expression> elements = parseElements(">>");
                return new Expression.BagConstructor(elements);
            }
            case "{": {
                advance();
                List<Expression.StructEntry> entries = new ArrayList<>();
                if (!atSymbol("}")) {
                    do {
                        Expression key = parseExpression();
                        expectSymbol(":");
                        entries.add(new Expression.StructEntry(key, parseExpression()));
                    } while (acceptSymbol(","));
                }
                expectSymbol("}");
                return new Expression.StructConstructor(entries);
            }
            default:
                throw unexpected("an expression");
        }
    }

    private List<Expression> parseElements(String close) {
        List<Expression> elements = new ArrayList<>();
        if (!atSymbol(close)) {
            do {
                elements.add(parseExpression());
            } while (acceptSymbol(","));
        }
        expectSymbol(close);
        return elements;
    }

    private Expression parseCase() {
        expectKeyword("case");
        Optional<Expression> operand = atKeyword("when") ? Optional.empty() : Optional.of(parseExpression());
        List<Expression.WhenClause> branches = new ArrayList<>();
        while (acceptKeyword("when")) {
            Expression condition = parseExpression();
            expectKeyword("then");
            branches.add(new Expression.WhenClause(condition, parseExpression()));
        }
        if (branches.isEmpty()) {
            throw unexpected("WHEN");
        }
        Optional<Expression> otherwise = acceptKeyword("else") ? Optional.of(parseExpression()) : Optional.empty();
        expectKeyword("end");
        return new Expression.Case(operand, branches, otherwise);
    }

    private Expression parseCast() {
        expectKeyword("cast");
        expectSymbol("(");
        Expression value = parseExpression();
        expectKeyword("as");
        Token type = peek();
        if (type.type() != TokenType.WORD) {
            throw unexpected("a type name");
        }
        advance();
        String typeName = type.lowerText();
        if (typeName.equals("double") && atKeyword("precision")) {
            advance();
            typeName = "double precision";
        }
        expectSymbol(")");
        return new Expression.Cast(value, typeName);
    }

    private Expression parseCall(Token nameToken) {
        String name = nameToken.lowerText();
        advance();
        expectSymbol("(");
        if (AGGREGATES.contains(name)) {
            return parseAggregate(name);
        }
        List<Expression> arguments = new ArrayList<>();
        switch (name) {
            case "extract" -> {
                arguments.add(datePart());
                expectKeyword("from");
                arguments.add(parseExpression());
            }
            case "substring" -> parseSubstringArguments(arguments);
            case "trim" -> parseTrimArguments(arguments);
            default -> {
                if (DATE_PART_FUNCTIONS.contains(name)) {
                    arguments.add(datePart());
                    if (!atSymbol(")")) {
                        expectSymbol(",");
                    }
                }
                if (!atSymbol(")")) {
                    do {
                        arguments.add(parseExpression());
                    } while (acceptSymbol(","));
                }
            }
        }
        expectSymbol(")");
        return new Expression.FunctionCall(name, arguments);
    }

    /** The first argument of DATE_ADD / DATE_DIFF / EXTRACT: a bare word such as {@code day}, kept as a string. */
    private Expression datePart() {
        Token token = peek();
        if (token.type() != TokenType.WORD) {
            throw unexpected("a date part (year, month, day, hour, minute, second, ...)");
        }
        advance();
        return new Expression.Literal(ion.newString(token.lowerText()));
    }

    /** {@code SUBSTRING(s, start [, length])} or {@code SUBSTRING(s FROM start [FOR length])}. */
    private void parseSubstringArguments(List<Expression> arguments) {
        arguments.add(parseExpression());
        if (acceptKeyword("from")) {
            arguments.add(parseExpression());
            if (acceptKeyword("for")) {
                arguments.add(parseExpression());
            }
            return;
        }
        expectSymbol(",");
        arguments.add(parseExpression());
        if (acceptSymbol(",")) {
            arguments.add(parseExpression());
        }
    }

    /** TRIM's forms, normalised to three arguments: the side ('both' …), the characters, the string. */
    private void parseTrimArguments(List<Expression> arguments) {
        String side = "both";
        if (atKeyword("both") || atKeyword("leading") || atKeyword("trailing")) {
            side = advance().lowerText();
            if (acceptKeyword("from")) {
                arguments.add(new Expression.Literal(ion.newString(side)));
                arguments.add(new Expression.Literal(ion.newString(" ")));
                arguments.add(parseExpression());
                return;
            }
        }
        Expression first = parseExpression();
        arguments.add(new Expression.Literal(ion.newString(side)));
        if (acceptKeyword("from")) {
            arguments.add(first);
            arguments.add(parseExpression());
        } else {
            arguments.add(new Expression.Literal(ion.newString(" ")));
            arguments.add(first);
        }
    }

    private Expression parseAggregate(String name) {
        AggregateFunction function = AggregateFunction.valueOf(name.toUpperCase(Locale.ROOT));
        if (function == AggregateFunction.COUNT && acceptSymbol("*")) {
            expectSymbol(")");
            return new Expression.Aggregate(function, Optional.empty(), false);
        }
        boolean distinct = acceptKeyword("distinct");
        if (!distinct) {
            acceptKeyword("all");
        }
        Expression argument = parseExpression();
        expectSymbol(")");
        return new Expression.Aggregate(function, Optional.of(argument), distinct);
    }

    /** A SELECT used as a value: one level of nesting, also in FROM, where no expression encloses it. */
    private Expression parseSubquery() {
        enterNesting();
        Expression subquery = new Expression.Subquery(parseSelect());
        leaveNesting();
        return subquery;
    }

    /** {@code SELECT …} up to (not including) whatever follows the query; subqueries need it. */
    abstract SelectQuery parseSelect();
}
