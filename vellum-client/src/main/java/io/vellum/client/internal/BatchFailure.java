package io.vellum.client.internal;

import io.vellum.client.LedgerServiceException;
import java.util.Objects;

/**
 * A batch request of a batched attempt that failed, and what the retry loop ({@link TransactionRunner}) does about
 * it once the attempt ends, whatever the transaction function did with the failure meanwhile (it may have caught it
 * at a read and gone on):
 * <ul>
 *   <li>{@link #rerunEagerly()}: the attempt is discarded and the function run once more without batching, where the
 *       failure surfaces at the {@code execute} it belongs to, as the unbatched client surfaces it (a function that
 *       catches a statement's failure there and goes on then behaves as it does unbatched). The re-run is not a retry:
 *       no pause, and it does not count against the retry policy. This is every error answer whose kind is
 *       {@link FailureKind#FATAL} (a statement the server refused, or no batch endpoint), and a successful answer
 *       that is no batch answer, unless it answered the commit (which may then have happened).</li>
 *   <li>otherwise (OCC conflict, invalid session, HTTP 500/503, no answer, an expired transaction, an interrupt):
 *       what the attempt threw is handled exactly as without batching.</li>
 * </ul>
 * Either way the transaction sends nothing more after a failed batch ({@link ActiveTransaction}): its later reads and
 * its commit throw the same failure.
 *
 * @param failure               what the batch request threw
 * @param rerunEagerly          whether the attempt is discarded and the function re-run once without batching
 * @param endpointMissing       whether the answer says the server has no batch endpoint (then the client stops
 *                              batching for good: {@link #endpointMissing(LedgerServiceException)})
 * @param transactionMayBeOpen  whether a transaction may still be open on the session (AbortTransaction first): true
 *                              for any batch after the transaction's first, and for a first batch answered with
 *                              success; an error answer to a first batch started nothing, or the server aborted it
 */
record BatchFailure(RuntimeException failure, boolean rerunEagerly, boolean endpointMissing,
                    boolean transactionMayBeOpen) {
    BatchFailure {
        Objects.requireNonNull(failure, "failure");
    }

    /** A batch that got an error answer, or none ({@code firstBatch}: it carried no transaction id). */
    static BatchFailure ofRequest(RuntimeException failure, boolean firstBatch) {
        if (failure instanceof LedgerServiceException service) {
            if (firstBatch && endpointMissing(service)) {
                return new BatchFailure(failure, true, true, false);
            }
            if (FailureKind.of(service) == FailureKind.FATAL) {
                return new BatchFailure(failure, true, false, !firstBatch);
            }
        }
        return new BatchFailure(failure, false, false, !firstBatch);
    }

    /**
     * A batch whose successful answer is not a batch answer (a server that answers anything with 200): for a first
     * batch, that server has no batch endpoint; a commit's answer is surfaced, since the commit may have happened.
     */
    static BatchFailure ofMalformedAnswer(RuntimeException failure, boolean firstBatch, boolean commitBatch) {
        return new BatchFailure(failure, !commitBatch, firstBatch, true);
    }

    /**
     * Whether an error answer says there is nothing at the batch endpoint's path: HTTP 404, 405 or 501, or AWS's
     * {@code UnknownOperationException} (what an AWS JSON service answers a request without {@code X-Amz-Target},
     * and Vellum's control plane an unknown path). Vellum's batch endpoint answers none of these: its errors are the
     * Session API's (400, 500, 503) or a refused signature (403). A Vellum without it answers 404 (the native API's
     * {@code NOT_FOUND}, or the control plane's {@code UnknownOperationException} before there was a native API).
     */
    static boolean endpointMissing(LedgerServiceException answer) {
        int status = answer.httpStatus();
        return status == 404 || status == 405 || status == 501
                || answer.errorType().equals("UnknownOperationException");
    }
}
