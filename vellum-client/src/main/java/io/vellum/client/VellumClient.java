package io.vellum.client;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import io.vellum.client.internal.ControlPlane;
import io.vellum.client.internal.HttpTransport;
import io.vellum.client.internal.TransactionRunner;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A client of one ledger over the QLDB Session API, used like the official QLDB driver but with no AWS SDK:
 *
 * <pre>{@code
 * try (VellumClient client = VellumClient.builder()
 *         .endpoint(URI.create("http://localhost:8080"))
 *         .ledger("bank")
 *         .credentials(accessKeyId, secretAccessKey)
 *         .build()) {
 *     client.execute(txn -> txn.execute("CREATE TABLE Accounts"));
 *     IonStruct account = (IonStruct) client.ionSystem().singleValue("{accountId: \"alice\", balance: 100.00}");
 *     client.execute(txn -> txn.execute("INSERT INTO Accounts ?", account));
 *     List<IonValue> rich = client.execute(txn ->
 *             txn.execute("SELECT * FROM Accounts WHERE balance > ?", client.ionSystem().newDecimal(50)).toList());
 * }
 * }</pre>
 *
 * <h2>What {@link #execute} does</h2>
 * It takes a pooled session (or starts one), starts a transaction, runs the function, and commits with the commit
 * digest it computed from the transaction id and every statement (COMPATIBILITY.md §2), checking that the server echoes it. On an
 * OCC conflict, an invalid session, HTTP 500/503 or a network failure it re-runs the whole function as the
 * {@link RetryPolicy} allows (AbortTransaction first where the official driver sends one). Everything else surfaces:
 * service errors as {@link LedgerServiceException} (a {@link LedgerException} with the matching
 * {@link io.vellum.error.ErrorCode} and the server's message), no answer as {@link LedgerConnectionException}, the
 * function's own exceptions unchanged. A transaction that outlives the server's timeout surfaces as
 * {@link io.vellum.error.ErrorCode#TRANSACTION_EXPIRED} and is not retried.
 *
 * <p>A commit that failed for lack of an answer (network) is retried as a new transaction although the first one may
 * have committed, as with the official driver; make such functions idempotent (check before insert).
 *
 * <p>Thread-safe: any number of threads may call {@link #execute} concurrently; at most
 * {@code maxConcurrentTransactions} run at once and further callers wait for a session. Do not call {@link #execute}
 * from inside a transaction function: with every session busy it would wait forever. {@link #close()} ends the pooled
 * sessions; calls after it throw {@link IllegalStateException}.
 */
public final class VellumClient implements AutoCloseable {
    /** The statement the official driver's {@code getTableNames()} runs. */
    static final String TABLE_NAMES_STATEMENT =
            "SELECT VALUE name FROM information_schema.user_tables WHERE status = 'ACTIVE'";

    private final String ledgerName;
    private final IonSystem ionSystem;
    private final RetryPolicy defaultRetryPolicy;
    private final TransactionRunner runner;
    private final LedgerVerifier verifier;
    private final HttpTransport transport;

    VellumClient(String ledgerName, IonSystem ionSystem, RetryPolicy defaultRetryPolicy, TransactionRunner runner,
            ControlPlane controlPlane, io.vellum.client.internal.NativeProofReads nativeReads, HttpTransport transport) {
        this.ledgerName = ledgerName;
        this.ionSystem = ionSystem;
        this.defaultRetryPolicy = defaultRetryPolicy;
        this.runner = runner;
        this.verifier = new LedgerVerifier(controlPlane, nativeReads);
        this.transport = transport;
    }

    /** A builder; {@code endpoint}, {@code ledger} and {@code credentials} are required. */
    public static VellumClientBuilder builder() {
        return new VellumClientBuilder();
    }

    /**
     * Runs {@code work} in a transaction and commits it, retrying with the client's retry policy.
     *
     * @param work the transaction function; it may run several times, so it must be safe to repeat. Its return value
     *             is returned; if it is a {@link Result} of the transaction, it is read completely before the commit.
     * @throws LedgerServiceException      when the server refused (after retries where they apply)
     * @throws LedgerConnectionException   when the server could not be reached (after retries)
     * @throws TransactionAbortedException when the function called {@link ClientTransaction#abort()}
     * @throws io.vellum.proof.hash.VerificationException when the server did not echo the commit digest
     * @throws IllegalStateException       when the client is closed
     */
    public <T> T execute(Function<ClientTransaction, T> work) {
        return execute(work, defaultRetryPolicy);
    }

    /** {@link #execute(Function)} with another retry policy for this call. */
    public <T> T execute(Function<ClientTransaction, T> work, RetryPolicy retryPolicy) {
        return runner.execute(work, retryPolicy);
    }

    /**
     * The names of the ledger's active tables, as the official driver's {@code getTableNames()}: the catalog query
     * commits first, then every value must be an Ion string.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} when a name is not an Ion string
     */
    public List<String> getTableNames() {
        List<IonValue> values = execute(txn -> txn.execute(TABLE_NAMES_STATEMENT).toList());
        List<String> names = new ArrayList<>(values.size());
        for (IonValue value : values) {
            if (value.getType() != IonType.STRING || value.isNullValue()) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST,
                        "information_schema.user_tables returned a table name that is not an Ion string: " + value);
            }
            names.add(((IonText) value).stringValue());
        }
        return names;
    }

    /** Fetches and verifies digests, revisions and blocks of this ledger; see {@link LedgerVerifier}. */
    public LedgerVerifier ledgerVerifier() {
        return verifier;
    }

    /** The Ion system result values are created with; use it to build parameters. Thread-safe. */
    public IonSystem ionSystem() {
        return ionSystem;
    }

    public String ledgerName() {
        return ledgerName;
    }

    /**
     * Ends every pooled session (EndSession, errors ignored; sessions in use are ended when their call returns), then
     * closes the idle connections.
     */
    @Override
    public void close() {
        runner.close();
        transport.close();
    }

    @Override
    public String toString() {
        return "VellumClient[" + ledgerName + (runner.isClosed() ? ", closed" : "") + "]";
    }
}
