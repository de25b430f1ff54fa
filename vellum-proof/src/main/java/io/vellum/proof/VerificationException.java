package io.vellum.proof;

/**
 * A hash, proof or digest did not verify. Carries what was expected and what was computed, so the
 * failure can be diagnosed without rerunning it.
 */
public final class VerificationException extends LedgerException {
    private static final long serialVersionUID = 1L;
    private final transient Hash expected;
    private final transient Hash computed;

    public VerificationException(String what, Hash expected, Hash computed) {
        super(ErrorCode.VERIFICATION_FAILED,
                what + ": expected " + expected + " but computed " + computed);
        this.expected = expected;
        this.computed = computed;
    }

    /**
     * A failed condition whose values are not single hashes (a hash missing from a list, a wrong address);
     * {@link #expected()} and {@link #computed()} are then null.
     */
    public VerificationException(String what, String expected, String computed) {
        super(ErrorCode.VERIFICATION_FAILED, what + ": expected " + expected + " but computed " + computed);
        this.expected = null;
        this.computed = null;
    }

    /** The hash the condition required, or null when the condition is not about one hash. */
    public Hash expected() {
        return expected;
    }

    /** The hash that was computed, or null when the condition is not about one hash. */
    public Hash computed() {
        return computed;
    }
}
