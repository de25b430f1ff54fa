package io.vellum.engine.query.internal.syntax;

/** One step of a {@link Expression.Path}. */
public sealed interface PathStep {

    /** {@code .name} or {@code ."Name"}: a struct field (case-sensitive). */
    record Field(String name) implements PathStep {
    }

    /** {@code [expression]}: a list position when it evaluates to an int, a struct field when to text. */
    record Index(Expression index) implements PathStep {
    }
}
