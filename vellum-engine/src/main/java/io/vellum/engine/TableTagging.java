package io.vellum.engine;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.Optional;

/**
 * Whether a ledger's tables may carry tags right now, asked by every {@code CREATE TABLE … WITH (aws_tags = …)} and
 * every table tag change ({@link Ledger#changeTableTags}). QLDB tags tables only on ledgers in the STANDARD
 * permissions mode; the engine does not know a ledger's permissions mode (the server keeps it in the ledger's
 * metadata and can change it at any time), so the server answers this question, reading the mode live.
 */
@FunctionalInterface
public interface TableTagging {
    /** Tables may always carry tags: embedded ledgers, which have no permissions mode. */
    TableTagging ALLOWED = Optional::empty;

    /**
     * Empty when tables may carry tags now; otherwise the reason they may not, naming the rule and the ledger's
     * state (the message of the INVALID_REQUEST the statement or tag change fails with).
     */
    Optional<String> refusal();

    /** @throws LedgerException INVALID_REQUEST with the {@link #refusal()} when tables may not carry tags now */
    default void check() {
        Optional<String> refusal = refusal();
        if (refusal.isPresent()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, refusal.get());
        }
    }
}
