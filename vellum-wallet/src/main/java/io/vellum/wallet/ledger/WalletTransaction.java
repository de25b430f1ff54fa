package io.vellum.wallet.ledger;

import com.amazon.ion.IonValue;
import java.util.List;

/**
 * One serializable transaction inside {@link LedgerConnection#execute}: PartiQL statements against one snapshot that
 * commit together or not at all. Not thread-safe; use it only from the thread running the transaction function.
 */
public interface WalletTransaction {
    /**
     * Runs one PartiQL statement with positional {@code ?} parameters and returns every result value.
     *
     * @throws io.vellum.error.LedgerException when the ledger refuses the statement (a conflict ends the attempt and
     *                                         {@link LedgerConnection#execute} runs the function again)
     */
    List<IonValue> execute(String statement, IonValue... parameters);

    /** The ledger's id of this transaction: it becomes {@code metadata.txId} of every revision the transaction writes. */
    String transactionId();
}
