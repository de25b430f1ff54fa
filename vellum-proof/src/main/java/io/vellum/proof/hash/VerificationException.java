package io.vellum.proof.hash;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;

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

    /**
     * Two copies of one value that must be equal differ (a readable copy beside the hashed one, a digest given twice):
     * the message names both copies and their values, e.g. {@code revision.data.balance: the hashed copy
     * Revision.IonText has 100.50 but the readable copy revision has 1000.50}. {@link #expected()} and
     * {@link #computed()} are null.
     */
    public static VerificationException disagreement(String what, String firstCopy, String firstValue,
            String secondCopy, String secondValue) {
        return new VerificationException(what + ": " + firstCopy + " has " + firstValue + " but " + secondCopy
                + " has " + secondValue);
    }

    private VerificationException(String message) {
        super(ErrorCode.VERIFICATION_FAILED, message);
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
