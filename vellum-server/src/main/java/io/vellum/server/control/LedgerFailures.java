package io.vellum.server.control;

import io.vellum.error.LedgerException;
import java.util.function.Supplier;

/** Maps a {@link LedgerException} of the registry or a ledger to the control plane's modelled errors. */
final class LedgerFailures {
    private LedgerFailures() {
    }

    /**
     * @param ledgerName    the ledger the operation is about (null for ListLedgers)
     * @param parameterName the request member an INVALID_REQUEST is about (null when none)
     */
    static ControlPlaneException of(LedgerException e, String ledgerName, String parameterName) {
        String type = ControlPlaneException.LEDGER;
        return switch (e.code()) {
            case NOT_FOUND -> ControlPlaneException.notFound(type, ledgerName, e.getMessage());
            case ALREADY_EXISTS -> ControlPlaneException.alreadyExists(type, ledgerName, e.getMessage());
            case INVALID_REQUEST, PARSE_ERROR -> ControlPlaneException.invalidParameter(parameterName, e.getMessage());
            case LIMIT_EXCEEDED -> ControlPlaneException.limitExceeded(type, e.getMessage());
            case OCC_CONFLICT -> ControlPlaneException.inUse(type, ledgerName, e.getMessage());
            case UNAVAILABLE, TRANSACTION_EXPIRED -> ControlPlaneException.unavailable(e.getMessage());
            // Damage is no server fault to retry: QLDB's 412 for "a condition of the resource is not met", naming the
            // ledger; never a 500 (SDKs retry those) and never a server path.
            case CORRUPTION, VERIFICATION_FAILED -> ControlPlaneException.preconditionNotMet(type, ledgerName,
                    io.vellum.server.http.ClientErrorText.damaged(ledgerName, e.getMessage()));
        };
    }

    /** Runs {@code operation}, mapping a {@link LedgerException} with {@link #of}. */
    static <T> T call(String ledgerName, String parameterName, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (LedgerException e) {
            throw of(e, ledgerName, parameterName);
        }
    }
}
