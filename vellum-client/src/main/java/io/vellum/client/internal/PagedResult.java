package io.vellum.client.internal;

import com.amazon.ion.IonValue;
import io.vellum.client.ConsumedIOs;
import io.vellum.client.Result;
import io.vellum.client.TimingInformation;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A statement's result that fetches its pages lazily and keeps every value fetched (see {@link Result}). Confined to
 * the transaction's thread; not thread-safe.
 */
final class PagedResult implements Result {
    private final ActiveTransaction transaction;
    private final List<IonValue> values = new ArrayList<>();
    private String nextPageToken;
    private ConsumedIOs consumedIOs;
    private TimingInformation timingInformation;

    PagedResult(ActiveTransaction transaction, StatementPage firstPage) {
        this.transaction = transaction;
        add(firstPage);
    }

    boolean belongsTo(ActiveTransaction candidate) {
        return transaction == candidate;
    }

    /** Fetches every remaining page. */
    void fetchAll() {
        while (fetchNextPage()) {
            // each call appends one page
        }
    }

    private boolean fetchNextPage() {
        if (nextPageToken == null) {
            return false;
        }
        String token = nextPageToken;
        StatementPage page = transaction.fetchPage(token, values.size());
        if (page.values().isEmpty() && token.equals(page.nextPageToken())) {
            // An empty page that points at itself would make iteration spin forever.
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "protocol violation: FetchPage returned an empty page"
                    + " with the same NextPageToken for transaction " + transaction.transactionId());
        }
        add(page);
        return true;
    }

    private void add(StatementPage page) {
        values.addAll(page.values());
        nextPageToken = page.nextPageToken();
        if (page.consumedIOs() != null) {
            consumedIOs = consumedIOs == null ? page.consumedIOs() : consumedIOs.plus(page.consumedIOs());
        }
        if (page.timingInformation() != null) {
            timingInformation = timingInformation == null ? page.timingInformation()
                    : timingInformation.plus(page.timingInformation());
        }
    }

    @Override
    public boolean isEmpty() {
        while (values.isEmpty() && fetchNextPage()) {
            // fetch until a value arrives or the pages end
        }
        return values.isEmpty();
    }

    @Override
    public Optional<ConsumedIOs> consumedIOs() {
        return Optional.ofNullable(consumedIOs);
    }

    @Override
    public Optional<TimingInformation> timingInformation() {
        return Optional.ofNullable(timingInformation);
    }

    @Override
    public Iterator<IonValue> iterator() {
        return new Iterator<>() {
            private int index;

            @Override
            public boolean hasNext() {
                while (index >= values.size()) {
                    if (!fetchNextPage()) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public IonValue next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the result has " + values.size() + " values");
                }
                return values.get(index++);
            }
        };
    }

    @Override
    public String toString() {
        return "Result[" + values.size() + " values fetched" + (nextPageToken == null ? "" : ", more pages") + "]";
    }
}
