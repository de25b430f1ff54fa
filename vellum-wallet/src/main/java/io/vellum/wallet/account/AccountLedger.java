package io.vellum.wallet.account;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import io.vellum.wallet.ledger.WalletTransaction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The account documents as one ledger transaction sees them, and the writes an {@link Operation} makes: every
 * write stamps the revision with the operation that made it.
 *
 * <p>Accounts are looked up by {@code accountId} through the committed view, which reads the index: the transaction
 * then conflicts with any concurrent write of the same account id, so "check, then insert" cannot create a duplicate
 * and "read balance, then write" cannot lose an update.
 */
public final class AccountLedger {
    /**
     * The fields of an account row: the id and version from the metadata, and the three data fields an account is
     * read from. Not {@code r.data} whole: that copies the previous operation record along into every row, to be
     * size-checked and dropped.
     */
    private static final String ROW = "SELECT r.metadata.id AS documentId, r.metadata.version AS version, "
            + "r.data." + WalletSchema.ACCOUNT_ID + " AS " + WalletSchema.ACCOUNT_ID + ", r.data." + WalletSchema.BALANCE
            + " AS " + WalletSchema.BALANCE + ", r.data." + WalletSchema.CURRENCY + " AS " + WalletSchema.CURRENCY
            + " FROM _ql_committed_" + WalletSchema.ACCOUNTS + " AS r WHERE r.data.accountId ";
    private static final String FIND = ROW + "= ?";
    /** Two accounts in one statement: the same index lookups (and read set) as two {@link #FIND}s. */
    private static final String FIND_TWO = ROW + "IN (?, ?)";
    private static final String INSERT = "INSERT INTO " + WalletSchema.ACCOUNTS + " VALUE ?";
    private static final String UPDATE = "UPDATE " + WalletSchema.ACCOUNTS + " AS a BY aid SET a.balance = ?, "
            + "a.operation = ? WHERE aid = ?";
    /**
     * Two accounts' next revisions in one statement (a transfer's): the same documents read by id and the same
     * revisions written as two {@link #UPDATE}s, with the operation record hashed and size-checked once.
     */
    private static final String UPDATE_TWO = "UPDATE " + WalletSchema.ACCOUNTS + " AS a BY aid SET a.balance = "
            + "CASE WHEN aid = ? THEN ? ELSE ? END, a.operation = ? WHERE aid IN (?, ?)";

    private final WalletTransaction transaction;
    private final IonSystem ion;
    private final MoneyRules rules;
    private final IonStruct operationRecord;
    private boolean operationRecordUsed;

    /**
     * @param operationRecord what every revision this ledger writes records as its {@code operation}
     */
    AccountLedger(WalletTransaction transaction, IonSystem ion, MoneyRules rules, IonStruct operationRecord) {
        this.transaction = transaction;
        this.ion = ion;
        this.rules = rules;
        this.operationRecord = operationRecord;
    }

    /** Reads accounts only; refuses to write. */
    static AccountLedger reading(WalletTransaction transaction, IonSystem ion, MoneyRules rules) {
        return new AccountLedger(transaction, ion, rules, null);
    }

    /**
     * The account's latest revision, or empty when no account has this id.
     *
     * @throws WalletException {@link WalletError#INTERNAL_ERROR} when several documents claim the id (written
     *                         outside the wallet): no balance could be trusted then
     */
    public Optional<AccountSnapshot> find(String accountId) {
        return only(transaction.execute(FIND, ion.newString(accountId)), accountId);
    }

    private Optional<AccountSnapshot> only(List<IonValue> rows, String accountId) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        if (rows.size() > 1) {
            throw new WalletException(WalletError.INTERNAL_ERROR, "unexpected ledger data: " + rows.size()
                    + " documents of table " + WalletSchema.ACCOUNTS + " have accountId " + accountId);
        }
        IonDocument row = IonDocument.of(rows.get(0), "committed view row");
        String documentId = row.text("documentId");
        // The data fields sit in the row itself (see ROW), read as the document's data was.
        return Optional.of(AccountSnapshot.read(documentId, row.longValue("version"),
                new IonDocument(row.struct(), "committed view row field data"), rules));
    }

    /**
     * Two different accounts, each of which must exist and hold the wallet's currency, read with one statement;
     * refused exactly as {@code require(first, firstField)} then {@code require(second, secondField)} would refuse.
     */
    public List<AccountSnapshot> requireBoth(String first, String firstField, String second, String secondField) {
        List<IonValue> rows = transaction.execute(FIND_TWO, ion.newString(first), ion.newString(second));
        List<IonValue> ofFirst = new ArrayList<>(1);
        List<IonValue> ofSecond = new ArrayList<>(1);
        for (IonValue row : rows) {
            IonValue accountId = row instanceof IonStruct struct ? struct.get(WalletSchema.ACCOUNT_ID) : null;
            // The index matched the accountId to one of the two (an Ion string equal to it); anything else is data
            // the single lookup would have refused too, reported here as the first account's.
            if (accountId instanceof IonText text && second.equals(text.stringValue())) {
                ofSecond.add(row);
            } else {
                ofFirst.add(row);
            }
        }
        AccountSnapshot firstAccount = existingInCurrency(only(ofFirst, first), first, firstField);
        AccountSnapshot secondAccount = existingInCurrency(only(ofSecond, second), second, secondField);
        return List.of(firstAccount, secondAccount);
    }

    /**
     * The account, which must exist and hold the wallet's currency.
     *
     * @param field the request field naming the account, for the refusal
     */
    public AccountSnapshot require(String accountId, String field) {
        return existingInCurrency(find(accountId), accountId, field);
    }

    private AccountSnapshot existingInCurrency(Optional<AccountSnapshot> found, String accountId, String field) {
        AccountSnapshot account = found.orElseThrow(() -> new WalletException(
                WalletError.ACCOUNT_NOT_FOUND, "account " + accountId + " does not exist", field));
        if (!account.currency().equals(rules.currencyCode())) {
            throw new WalletException(WalletError.INVALID_FIELD, "account " + accountId + " holds "
                    + account.currency() + " but this wallet moves " + rules.currencyCode(), field);
        }
        return account;
    }

    /** Refuses (nothing is written) when the balance is smaller than {@code amount}. */
    public void requireFunds(AccountSnapshot account, BigDecimal amount) {
        if (account.balance().compareTo(amount) < 0) {
            throw new WalletException(WalletError.INSUFFICIENT_FUNDS, "account " + account.accountId() + " has "
                    + account.balance().toPlainString() + " " + account.currency() + ", less than the "
                    + amount.toPlainString() + " requested", "amount");
        }
    }

    /** Inserts a new account document with a zero balance. */
    public AccountChange insert(String accountId) {
        BigDecimal zero = rules.balance(BigDecimal.ZERO);
        IonStruct document = ion.newEmptyStruct();
        document.put(WalletSchema.ACCOUNT_ID, ion.newString(accountId));
        document.put(WalletSchema.BALANCE, ion.newDecimal(zero));
        document.put(WalletSchema.CURRENCY, ion.newString(rules.currencyCode()));
        document.put(WalletSchema.OPERATION, writableOperationRecord());
        List<IonValue> inserted = transaction.execute(INSERT, document);
        String documentId = IonDocument.of(inserted.get(0), "INSERT result").text("documentId");
        return new AccountChange(accountId, documentId, null, zero, 0);
    }

    /** Writes the account's next revision with {@code newBalance}. */
    public AccountChange update(AccountSnapshot account, BigDecimal newBalance) {
        BigDecimal balance = rules.balance(newBalance);
        transaction.execute(UPDATE, ion.newDecimal(balance), writableOperationRecord(),
                ion.newString(account.documentId()));
        return new AccountChange(account.accountId(), account.documentId(), account.balance(), balance,
                account.version() + 1);
    }

    /**
     * Writes the next revisions of two different accounts in one statement, as {@code update(first, firstBalance)}
     * then {@code update(second, secondBalance)} would.
     */
    public List<AccountChange> updateBoth(AccountSnapshot first, BigDecimal firstBalance, AccountSnapshot second,
                                          BigDecimal secondBalance) {
        if (first.documentId().equals(second.documentId())) {
            throw new IllegalArgumentException("updateBoth needs two different accounts, got document "
                    + first.documentId() + " twice");
        }
        BigDecimal firstNew = rules.balance(firstBalance);
        BigDecimal secondNew = rules.balance(secondBalance);
        List<IonValue> updated = transaction.execute(UPDATE_TWO, ion.newString(first.documentId()),
                ion.newDecimal(firstNew), ion.newDecimal(secondNew), writableOperationRecord(),
                ion.newString(first.documentId()), ion.newString(second.documentId()));
        if (updated.size() != 2) {
            throw new WalletException(WalletError.INTERNAL_ERROR, "unexpected ledger data: updating accounts "
                    + first.accountId() + " and " + second.accountId() + " changed " + updated.size()
                    + " documents, not 2");
        }
        return List.of(new AccountChange(first.accountId(), first.documentId(), first.balance(), firstNew,
                        first.version() + 1),
                new AccountChange(second.accountId(), second.documentId(), second.balance(), secondNew,
                        second.version() + 1));
    }

    private IonStruct writableOperationRecord() {
        if (operationRecord == null) {
            throw new IllegalStateException("this account ledger only reads");
        }
        // The record itself for the first statement (a transfer has one), a fresh copy for each further one: an Ion
        // value can sit in only one container, and the first statement may have put it into one.
        if (operationRecordUsed) {
            return operationRecord.clone();
        }
        operationRecordUsed = true;
        return operationRecord;
    }
}
