package io.vellum.wallet.account;

import io.vellum.error.LedgerException;
import java.util.List;

/**
 * Turns the ledger's refusals into the wallet's: conflicts and unavailability become retryable 503s, a refused
 * statement becomes TABLE_NOT_FOUND when a wallet table is missing (the usual cause: CreateTable was not run), and
 * anything else an internal error that names the ledger's own message.
 */
final class LedgerRefusals {
    private final WalletTables walletTables;

    LedgerRefusals(WalletTables walletTables) {
        this.walletTables = walletTables;
    }

    WalletException translate(LedgerException e) {
        switch (e.code()) {
            case OCC_CONFLICT:
                return new WalletException(WalletError.LEDGER_CONFLICT, "concurrent transactions on the same "
                        + "accounts kept conflicting; nothing was changed, retry the request", null, e);
            case UNAVAILABLE:
            case TRANSACTION_EXPIRED:
                return new WalletException(WalletError.STORE_UNAVAILABLE, "the ledger is unavailable: "
                        + e.getMessage(), null, e);
            case NOT_FOUND:
            case INVALID_REQUEST:
                List<String> missing = walletTables.missing();
                if (!missing.isEmpty()) {
                    String tables = missing.size() == 1 ? "table " + missing.get(0) + " does not exist"
                            : "tables " + String.join(" and ", missing) + " do not exist";
                    return new WalletException(WalletError.TABLE_NOT_FOUND, tables + ": run CreateTable (POST "
                            + "/tables) and Index (POST /indexes) first", null, e);
                }
                return new WalletException(WalletError.INTERNAL_ERROR, "the ledger refused a wallet statement: " + e,
                        null, e);
            default:
                return new WalletException(WalletError.INTERNAL_ERROR, "the ledger failed: " + e, null, e);
        }
    }
}
