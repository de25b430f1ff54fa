package io.vellum.wallet.account;

/**
 * The wallet's tables, indexes and document fields in the ledger.
 *
 * <pre>
 * Wallet          {accountId, balance, currency, operation}     one document per account; indexed on accountId
 * WalletRequests  {txRequestId, operation, changes, currency,   one document per request that carried an
 *                  transactionId}                               idempotency key; indexed on txRequestId
 * </pre>
 * {@code operation} of an account revision is the {@link Operation} that wrote it plus {@code transactionId} (the
 * writing transaction, so a revision written outside the wallet, which would carry an older operation along, is
 * recognisable) and {@code txRequestId} when the request had one.
 */
public final class WalletSchema {
    /** The accounts table. */
    public static final String ACCOUNTS = "Wallet";
    /** The request log: idempotency keys and the receipts they produced. */
    public static final String REQUESTS = "WalletRequests";

    static final String ACCOUNT_ID = "accountId";
    static final String BALANCE = "balance";
    static final String CURRENCY = "currency";
    static final String OPERATION = "operation";
    static final String OPERATION_TYPE = "type";
    static final String TRANSACTION_ID = "transactionId";
    static final String TX_REQUEST_ID = "txRequestId";

    private WalletSchema() {
    }
}
