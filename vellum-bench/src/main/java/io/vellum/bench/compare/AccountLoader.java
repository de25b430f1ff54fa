package io.vellum.bench.compare;

import io.vellum.bench.TransferWorkload;
import io.vellum.bench.TransferWorkload.Statements;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Creates a Vellum contender's tables, index and accounts (TransferWorkload's schema and documents, 40 inserts per
 * transaction) with several threads, so that setup over a network API does not take minutes of round trips. Setup is
 * not measured; this only shortens the run.
 */
final class AccountLoader {
    private static final int BATCH = 40;

    private AccountLoader() {
    }

    /** @param transaction runs its argument inside one committed transaction (retrying conflicts) */
    static void load(Consumer<Consumer<Statements>> transaction, int accounts, int threads) throws InterruptedException {
        TransferWorkload.createAccounts(transaction, 0); // tables and index only
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, 8); t++) {
            workers.add(new Thread(() -> {
                for (int first = next.getAndAdd(BATCH); first < accounts && failure.get() == null;
                     first = next.getAndAdd(BATCH)) {
                    int start = first;
                    try {
                        transaction.accept(s -> {
                            for (int i = start; i < Math.min(start + BATCH, accounts); i++) {
                                s.run("INSERT INTO Accounts VALUE {'accountId': ?, 'balance': 1000000.00}",
                                        TransferWorkload.ION.newString(Setting.accountId(i)));
                            }
                        });
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "account-loader-" + t));
        }
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
