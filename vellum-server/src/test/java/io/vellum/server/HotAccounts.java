package io.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.Ledger;
import io.vellum.engine.Transaction;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;

/** Test set-up for hot documents in an {@code Accounts} table keyed by {@code accountId}. */
public final class HotAccounts {
    private HotAccounts() {
    }

    /**
     * Makes {@code account}'s document hot: two transactions update it on the same snapshot and the second fails
     * validation (OCC_CONFLICT), so the engine locks it before later transactions read it.
     */
    public static void heat(Ledger ledger, String account) {
        Transaction first = ledger.begin();
        Transaction second = ledger.begin();
        first.execute("UPDATE Accounts SET balance = 1 WHERE accountId = '" + account + "'");
        second.execute("UPDATE Accounts SET balance = 2 WHERE accountId = '" + account + "'");
        first.commit();
        assertThatThrownBy(second::commit).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
    }
}
