package io.vellum.client.internal;

import com.amazon.ion.IonValue;
import io.vellum.client.ConsumedIOs;
import io.vellum.client.Result;
import io.vellum.client.TimingInformation;
import java.util.Iterator;
import java.util.Optional;

/**
 * The result of a statement a batched transaction holds ({@link ActiveTransaction}): the first use of any method
 * sends the held statements, this one included, and then serves the {@link PagedResult} that arrived. Confined to the
 * transaction's thread; not thread-safe.
 */
final class DeferredResult implements Result {
    private final ActiveTransaction transaction;
    private PagedResult arrived;

    DeferredResult(ActiveTransaction transaction) {
        this.transaction = transaction;
    }

    boolean belongsTo(ActiveTransaction candidate) {
        return transaction == candidate;
    }

    void arrived(PagedResult result) {
        arrived = result;
    }

    private PagedResult result() {
        if (arrived == null) {
            transaction.sendHeldStatements();
        }
        if (arrived == null) {
            throw new IllegalStateException("the statement of this result was not sent: its transaction ended first");
        }
        return arrived;
    }

    void fetchAll() {
        result().fetchAll();
    }

    @Override
    public boolean isEmpty() {
        return result().isEmpty();
    }

    @Override
    public Optional<ConsumedIOs> consumedIOs() {
        return result().consumedIOs();
    }

    @Override
    public Optional<TimingInformation> timingInformation() {
        return result().timingInformation();
    }

    @Override
    public Iterator<IonValue> iterator() {
        return result().iterator();
    }

    @Override
    public String toString() {
        return arrived == null ? "Result[not sent yet]" : arrived.toString();
    }
}
