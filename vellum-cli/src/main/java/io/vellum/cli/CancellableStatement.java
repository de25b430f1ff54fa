package io.vellum.cli;

import com.amazon.ion.IonValue;
import io.vellum.engine.Ledger;
import io.vellum.engine.Transaction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One shell statement run on a worker thread, so that Ctrl-C can cancel it and the shell return to its prompt.
 * The engine does not stop a statement half-way, so cancelling means: the statement's result is not waited for, and
 * what it would change is never committed — its own transaction is aborted before its commit, or the explicit
 * transaction it ran in is aborted as soon as it returns. Only a Ctrl-C that comes after the commit began cannot
 * undo it: the commit then completes in the background, and {@link Outcome#COMMIT_CONTINUES} says so.
 *
 * <p>{@link #interrupt()} may be called from any thread (JLine's signal handler); the rest from the shell's.
 */
final class CancellableStatement {
    /** How a statement ended for the shell. */
    enum Outcome {
        /** It finished: {@link #await()} returned its values or threw its failure. */
        FINISHED,
        /** Ctrl-C before its commit: nothing of it (or of its explicit transaction) is committed. */
        CANCELLED,
        /** Ctrl-C after its commit began: the commit completes in the background. */
        COMMIT_CONTINUES
    }

    private static final int RUNNING = 0;
    private static final int CANCELLED = 1;
    private static final int COMMITTING = 2;
    private static final int DONE = 3;

    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final CompletableFuture<List<IonValue>> result = new CompletableFuture<>();
    private final CompletableFuture<Void> interrupted = new CompletableFuture<>();
    private List<IonValue> values;

    /**
     * Starts {@code statement} in a transaction of its own (retrying conflicts, as the shell always did). Start once;
     * an {@link #interrupt()} that came before still cancels it.
     */
    void startInOwnTransaction(Ledger ledger, String statement) {
        start(() -> ledger.execute(transaction -> {
            List<IonValue> values = transaction.execute(statement);
            // Past this point the commit begins; a Ctrl-C before it aborts the transaction (the exception does).
            if (state.compareAndExchange(RUNNING, COMMITTING) == CANCELLED) {
                throw new Cancelled();
            }
            return values;
        }));
    }

    /** Starts {@code statement} in the explicit transaction {@code open}; a Ctrl-C aborts that transaction. */
    void startInTransaction(Transaction open, String statement) {
        start(() -> {
            try {
                return open.execute(statement);
            } finally {
                if (state.compareAndExchange(RUNNING, DONE) == CANCELLED) {
                    open.abort(); // the shell has let go of the transaction: nothing of it may commit
                }
            }
        });
    }

    private void start(Supplier<List<IonValue>> work) {
        Thread worker = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "vellum-shell-statement");
        worker.setDaemon(true); // a cancelled statement that is still scanning does not keep the shell from exiting
        worker.start();
    }

    /** Ctrl-C: cancels the statement unless its commit has begun, and stops the shell's wait either way. */
    void interrupt() {
        state.compareAndSet(RUNNING, CANCELLED);
        interrupted.complete(null);
    }

    /**
     * Waits until the statement finishes or Ctrl-C. For {@link Outcome#FINISHED} the values are in {@link #values()}.
     *
     * @throws RuntimeException what the statement threw
     */
    Outcome await() {
        try {
            CompletableFuture.anyOf(result, interrupted).join();
        } catch (CompletionException e) {
            // The statement failed; rethrown below.
        }
        int now = state.get();
        if (now == CANCELLED) {
            return Outcome.CANCELLED;
        }
        if (!result.isDone() && now == COMMITTING) {
            return Outcome.COMMIT_CONTINUES;
        }
        try {
            values = result.join(); // finished, or returning right now (DONE was set on its way out)
            return Outcome.FINISHED;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    List<IonValue> values() {
        return values;
    }

    /** Waits until the worker is done with the statement, whatever the shell was told (for tests). */
    void awaitWorker() {
        result.handle((values, failure) -> null).join();
    }

    /** Thrown inside the statement's own transaction to abort it instead of committing. */
    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("cancelled with Ctrl-C", null, false, false);
        }
    }
}
