package io.vellum.wallet.account;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.VerificationException;
import io.vellum.wallet.ledger.Committed;
import io.vellum.wallet.ledger.LedgerConnection;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.wallet.ledger.WalletTransaction;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The wallet's operations. Every balance change is one serializable ledger transaction that reads the accounts
 * involved, checks the rules, writes their next revisions stamped with the operation, and records the request's
 * idempotency key; refusals abort it, so a refused operation changes nothing in the ledger.
 *
 * <p>Identifiers: an accountId is 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit (no
 * '@': personal data such as email addresses belongs in the erasable profile, never in the immutable ledger); a
 * txRequestId is 1–128 letters, digits, '.', '_', ':' or '-'.
 *
 * <p>Thread-safe.
 */
public final class Wallet implements AutoCloseable {
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final LedgerConnection ledger;
    private final MoneyRules rules;
    private final BalanceCache cache;
    private final WalletTables tables;
    private final LedgerRefusals refusals;

    public Wallet(LedgerConnection ledger, MoneyRules rules, BalanceCache cache) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.tables = new WalletTables(ledger);
        this.refusals = new LedgerRefusals(tables);
    }

    public MoneyRules moneyRules() {
        return rules;
    }

    /** CreateTable: the accounts table and the request log, each created unless it exists. */
    public List<SchemaChange> createTables() {
        return run(tables::createTables);
    }

    /** Index: the index on accountId and the one on txRequestId, each created unless it exists. */
    public List<SchemaChange> createIndexes() {
        return run(tables::createIndexes);
    }

    /** CreateAccount: a new account with a zero balance; refused with ACCOUNT_EXISTS when the id is taken. */
    public Receipt createAccount(String accountId, String txRequestId) {
        return apply(new CreateAccount(requireAccountId(accountId, "accountId")), txRequestId);
    }

    /** AddFunds. */
    public Receipt addFunds(String accountId, BigDecimal amount, String txRequestId) {
        return apply(new AddFunds(requireAccountId(accountId, "accountId"), requireAmount(amount)), txRequestId);
    }

    /** WithdrawFunds: refused with INSUFFICIENT_FUNDS, nothing changed, when the balance is smaller. */
    public Receipt withdrawFunds(String accountId, BigDecimal amount, String txRequestId) {
        return apply(new WithdrawFunds(requireAccountId(accountId, "accountId"), requireAmount(amount)), txRequestId);
    }

    /** Transfer: both balances change in one transaction, or neither. */
    public Receipt transfer(String fromAccountId, String toAccountId, BigDecimal amount, String txRequestId) {
        return apply(new Transfer(requireAccountId(fromAccountId, "fromAccountId"),
                requireAccountId(toAccountId, "toAccountId"), requireAmount(amount)), txRequestId);
    }

    /**
     * CheckFunds: the account as of the latest block committed when the call started (or later), from the cache when
     * it has it.
     */
    public BalanceRead checkFunds(String accountId) {
        requireAccountId(accountId, "accountId");
        Optional<AccountSnapshot> cached = cache.freshEntry(accountId);
        if (cached.isPresent()) {
            cache.countHit();
            return new BalanceRead(cached.get(), true);
        }
        cache.countMiss();
        long readPosition = cache.readPosition();
        AccountSnapshot account = run(() -> ledger.execute(transaction -> existing(transaction, accountId)));
        cache.offer(account, readPosition);
        return new BalanceRead(account, false);
    }

    /** Whether an account with this id exists (read through the cache). */
    public boolean accountExists(String accountId) {
        try {
            checkFunds(accountId);
            return true;
        } catch (WalletException e) {
            if (e.error() == WalletError.ACCOUNT_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /**
     * History: the account's revisions from {@code fromVersion} on, at most {@code limit}, each with its balance,
     * time, transaction, block and the operation that wrote it.
     */
    public AccountHistory history(String accountId, long fromVersion, int limit) {
        requireAccountId(accountId, "accountId");
        if (fromVersion < 0) {
            throw new WalletException(WalletError.INVALID_FIELD, "fromVersion must be >= 0, got " + fromVersion,
                    "fromVersion");
        }
        if (limit < 1) {
            throw new WalletException(WalletError.INVALID_FIELD, "limit must be >= 1, got " + limit, "limit");
        }
        return run(() -> ledger.execute(transaction -> {
            AccountSnapshot account = existing(transaction, accountId);
            List<HistoryEntry> all = revisions(transaction).history(account.documentId()).stream()
                    .filter(entry -> entry.version() >= fromVersion).toList();
            List<HistoryEntry> page = all.subList(0, Math.min(limit, all.size()));
            Long next = all.size() > limit ? all.get(limit).version() : null;
            return new AccountHistory(accountId, account.documentId(), page, next);
        }));
    }

    /**
     * Verify: the account's current revision (or version {@code version}) with its proof to the latest digest,
     * verified here: the revision hash is recomputed from the revision's contents and folded with the proof, and the
     * account id and balance returned are read from that revision's hashed data.
     *
     * @throws WalletException {@link WalletError#VERIFICATION_FAILED} (cause: the {@link VerificationException} with
     *                         the expected and computed values) when the ledger's answer does not verify
     */
    public AccountVerification verify(String accountId, Long version) {
        requireAccountId(accountId, "accountId");
        if (version != null && version < 0) {
            throw new WalletException(WalletError.INVALID_FIELD, "version must be >= 0, got " + version, "version");
        }
        AccountRevisions.Located located = run(() -> ledger.execute(transaction -> {
            AccountSnapshot account = existing(transaction, accountId);
            long wanted = version == null ? account.version() : version;
            return revisions(transaction).locate(account.documentId(), wanted)
                    .orElseThrow(() -> new WalletException(WalletError.REVISION_NOT_FOUND, "account " + accountId
                            + " has no version " + wanted + "; its current version is " + account.version(),
                            "version"));
        }));
        LedgerDigest digest = run(ledger::digest);
        RevisionProof proven = run(() -> ledger.revisionProof(located.blockAddress(), located.documentId(), digest));
        try {
            return AccountVerification.check(accountId, proven, digest, located.documentId(), located.version());
        } catch (VerificationException e) {
            throw new WalletException(WalletError.VERIFICATION_FAILED, "account " + accountId + " did not verify: "
                    + e.getMessage(), null, e);
        }
    }

    public CacheStatistics cacheStatistics() {
        return cache.statistics();
    }

    /** Stops the balance cache's change feed; the ledger connection is its owner's to close. */
    @Override
    public void close() {
        cache.close();
    }

    private Receipt apply(Operation operation, String txRequestId) {
        if (txRequestId != null && !REQUEST_ID.matcher(txRequestId).matches()) {
            throw new WalletException(WalletError.INVALID_FIELD, "txRequestId must be 1-128 letters, digits, '.', "
                    + "'_', ':' or '-', got '" + shorten(txRequestId) + "'", "txRequestId");
        }
        IonSystem ion = ledger.ionSystem();
        Committed<Attempt> committed = null;
        cache.writeStarting();
        try {
            committed = run(() -> ledger.executeCommitted(transaction -> {
                RequestLog requests = new RequestLog(transaction, ion);
                if (txRequestId != null) {
                    Optional<RequestLog.Recorded> earlier = requests.find(txRequestId);
                    if (earlier.isPresent()) {
                        return Attempt.replay(earlier.get(), operation, txRequestId);
                    }
                }
                IonStruct record = operation.toIon(ion);
                record.put(WalletSchema.TRANSACTION_ID, ion.newString(transaction.transactionId()));
                if (txRequestId != null) {
                    record.put(WalletSchema.TX_REQUEST_ID, ion.newString(txRequestId));
                }
                List<AccountChange> changes = operation.apply(new AccountLedger(transaction, ion, rules, record));
                if (txRequestId != null) {
                    requests.record(txRequestId, operation, changes, rules.currencyCode());
                }
                return new Attempt(changes, rules.currencyCode(), transaction.transactionId(), null);
            }));
        } finally {
            handIn(committed);
        }
        Attempt attempt = committed.value();
        // A replay names the block it recorded; a new commit's block comes with the commit when the connection
        // reports it, else (the Session API) it is read back.
        BlockAddress blockAddress = attempt.blockAddress != null ? attempt.blockAddress
                : committed.blockAddress() != null ? committed.blockAddress()
                : run(() -> committedIn(attempt.changes.get(0)));
        return new Receipt(operation, attempt.changes, attempt.currency, attempt.transactionId, blockAddress,
                txRequestId, attempt.blockAddress != null);
    }

    /**
     * Tells the balance cache what the operation's block (if it committed one that the connection named) holds: each
     * changed account as its new revision shows it, so the cache's feed need not read the block back.
     */
    private void handIn(Committed<Attempt> committed) {
        if (committed == null || committed.blockAddress() == null || committed.value().blockAddress != null) {
            cache.writeFinished(-1, List.of());
            return;
        }
        Attempt attempt = committed.value();
        AccountSnapshot[] accounts = new AccountSnapshot[attempt.changes.size()];
        for (int i = 0; i < accounts.length; i++) {
            AccountChange change = attempt.changes.get(i);
            accounts[i] = new AccountSnapshot(change.accountId(), change.documentId(), change.version(),
                    change.currentBalance(), attempt.currency);
        }
        // List.of: the cache keeps the list as given (List.copyOf of an unmodifiable list is that list).
        cache.writeFinished(committed.blockAddress().sequenceNo(), List.of(accounts));
    }

    /** The block holding the revision a committed change wrote. */
    private BlockAddress committedIn(AccountChange change) {
        return ledger.execute(transaction -> revisions(transaction).locate(change.documentId(), change.version())
                .orElseThrow(() -> new WalletException(WalletError.INTERNAL_ERROR, "revision " + change.version()
                        + " of account " + change.accountId() + " was committed but cannot be found"))
                .blockAddress());
    }

    /** What one transaction attempt produced; {@code blockAddress} is known already only for a replay. */
    private record Attempt(List<AccountChange> changes, String currency, String transactionId,
                           BlockAddress blockAddress) {
        static Attempt replay(RequestLog.Recorded recorded, Operation requested, String txRequestId) {
            if (!recorded.operation().equals(requested)) {
                throw new WalletException(WalletError.IDEMPOTENCY_KEY_REUSED, "txRequestId " + txRequestId
                        + " was used for " + recorded.operation() + "; this request is " + requested
                        + ": use a new txRequestId for a new request", "txRequestId");
            }
            return new Attempt(recorded.changes(), recorded.currency(), recorded.transactionId(),
                    recorded.blockAddress());
        }
    }

    private AccountSnapshot existing(WalletTransaction transaction, String accountId) {
        return AccountLedger.reading(transaction, ledger.ionSystem(), rules).find(accountId)
                .orElseThrow(() -> new WalletException(WalletError.ACCOUNT_NOT_FOUND,
                        "account " + accountId + " does not exist", "accountId"));
    }

    private AccountRevisions revisions(WalletTransaction transaction) {
        return new AccountRevisions(transaction, ledger.ionSystem(), rules);
    }

    private BigDecimal requireAmount(BigDecimal amount) {
        if (amount == null) {
            throw new WalletException(WalletError.MISSING_FIELD, "amount is required", "amount");
        }
        return rules.amount(amount, "amount");
    }

    /** Checks an account id (see the class comment for the rule) and returns it. */
    public static String requireAccountId(String accountId, String field) {
        if (accountId == null) {
            throw new WalletException(WalletError.MISSING_FIELD, field + " is required", field);
        }
        if (!accountIdText(accountId)) {
            throw new WalletException(WalletError.INVALID_FIELD, field + " must be 1-64 letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit, got '" + shorten(accountId) + "'", field);
        }
        return accountId;
    }

    /**
     * Whether {@code text} is an account id by the class comment's rule: the regular expression
     * {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}, checked by hand (every operation checks one or two).
     */
    static boolean accountIdText(String text) {
        if (text.isEmpty() || text.length() > 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    /** Runs ledger work, turning the ledger's refusals into the wallet's. */
    private <T> T run(Supplier<T> work) {
        try {
            return work.get();
        } catch (LedgerException e) {
            throw refusals.translate(e);
        }
    }
}
