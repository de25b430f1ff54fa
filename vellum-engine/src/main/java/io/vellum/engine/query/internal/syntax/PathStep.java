package io.vellum.engine.query.internal.syntax;

/** One step of a {@link Expression.Path}. */
public sealed interface PathStep {

    /** {@code .name} or {@code ."Name"}: a struct field (case-sensitive). */
    record Field(String name) implements PathStep {
    }

    /** {@code [expression]}: a list position when it evaluates to an int, a struct field when to text. */
    record Index(Expression index) implements PathStep {
    }

    /**
     * {@code [*]}: every element of a list or s-expression (any other value stands for itself). A path with a wildcard
     * evaluates to a bag of what its later steps find from each element.
     */
    record AllElements() implements PathStep {
    }

    /** {@code .*}: every field value of a struct (any other value stands for itself); a bag like {@link AllElements}. */
    record AllFieldValues() implements PathStep {
    }

}
