package io.vellum.wallet.account;

import java.util.List;
import java.util.Objects;

/**
 * Revisions of one account document, oldest first.
 *
 * @param accountId       the account
 * @param documentId      its ledger document
 * @param revisions       the revisions from the requested version on, at most the requested number
 * @param nextFromVersion the version to ask for next when more revisions follow, else null
 */
public record AccountHistory(String accountId, String documentId, List<HistoryEntry> revisions, Long nextFromVersion) {
    public AccountHistory {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(documentId, "documentId");
        revisions = List.copyOf(revisions);
    }
}
