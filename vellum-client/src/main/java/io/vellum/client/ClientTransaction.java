package io.vellum.client;

import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import java.util.List;

/**
 * One open transaction inside {@link VellumClient#execute}: the statements run against one snapshot of the ledger
 * and commit together, or not at all (serializable optimistic concurrency; a conflict re-runs the whole function).
 *
 * <p>Not thread-safe: use it only from the thread running the function, and never after the function returned (every
 * method then throws {@link IllegalStateException}). Because the function may run several times, it must not have
 * side effects outside the ledger that cannot be repeated.
 */
public interface ClientTransaction {
    /**
     * Runs a PartiQL statement with positional {@code ?} parameters. Each parameter is sent as its own Ion binary
     * value, and folded into the commit digest before the statement is sent.
     *
     * @return the statement's result; values beyond the first page are fetched as iteration proceeds
     * @throws LedgerServiceException when the server refuses the statement (parse error, conflict, limit, …)
     */
    Result execute(String statement, IonValue... parameters);

    /** {@link #execute(String, IonValue...)} with the parameters in a list. */
    Result execute(String statement, List<? extends IonValue> parameters);

    /** The server-issued id of this transaction (22 characters of Base62). */
    String transactionId();

    /**
     * The commit digest of the statements executed so far (COMPATIBILITY.md §2): the Ion hash of the transaction id folded with
     * every statement hash. This is what CommitTransaction sends, and the server must echo it.
     */
    Hash commitDigest();

    /**
     * Aborts the transaction: always throws {@link TransactionAbortedException}, which ends the function; the client
     * sends AbortTransaction and rethrows it from {@link VellumClient#execute} without retrying.
     */
    void abort();
}
