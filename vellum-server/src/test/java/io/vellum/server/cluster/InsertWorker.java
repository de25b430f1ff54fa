package io.vellum.server.cluster;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.qldb.QldbDriver;

/**
 * One insert load of a cluster test: a thread inserting rows with unique ids into {@code Payments} through one
 * node's official QLDB driver until told to stop, retrying after 100 ms when the driver gives up. It counts what
 * happened (attempts, acknowledgements, failures by exception type with the last message of each) so that a test
 * whose load stalls can say why ({@link #describe}).
 */
final class InsertWorker {
    private final String nodeId;
    private final QldbDriver driver;
    private final Set<String> acknowledged;
    private final ConcurrentLinkedQueue<Long> acknowledgedAt;
    private final AtomicBoolean running;
    private final Thread thread;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong successes = new AtomicLong();
    private final Map<String, AtomicLong> failures = new TreeMap<>();
    private final Map<String, String> lastFailure = new TreeMap<>();
    private volatile long lastAttemptStartedNanos;
    private volatile long lastAcknowledgedNanos;

    InsertWorker(String nodeId, QldbDriver driver, Set<String> acknowledged, ConcurrentLinkedQueue<Long> acknowledgedAt,
                 AtomicBoolean running) {
        this.nodeId = nodeId;
        this.driver = driver;
        this.acknowledged = acknowledged;
        this.acknowledgedAt = acknowledgedAt;
        this.running = running;
        this.thread = new Thread(this::run, "inserts-" + nodeId);
    }

    void start() {
        thread.start();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private void run() {
        while (running.get()) {
            String id = UUID.randomUUID().toString();
            attempts.incrementAndGet();
            lastAttemptStartedNanos = System.nanoTime();
            try {
                driver.execute(txn -> {
                    // A retried transaction whose first commit answer was lost finds its row: insert once.
                    if (!txn.execute("SELECT p.id FROM Payments AS p WHERE p.id = '" + id + "'").iterator()
                            .hasNext()) {
                        txn.execute("INSERT INTO Payments VALUE {'id': '" + id + "', 'amount': 1}");
                    }
                });
                acknowledged.add(id);
                long now = System.nanoTime();
                acknowledgedAt.add(now);
                lastAcknowledgedNanos = now;
                successes.incrementAndGet();
            } catch (RuntimeException e) {
                // not acknowledged: its outcome is unknown, the test's checks allow either
                record(e);
                sleepQuietly(100);
            }
        }
    }

    private void record(RuntimeException e) {
        String type = e.getClass().getSimpleName() + (e.getCause() == null ? ""
                : " caused by " + e.getCause().getClass().getSimpleName());
        synchronized (failures) {
            failures.computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
            lastFailure.put(type, String.valueOf(e.getMessage()));
        }
    }

    /** What this worker did so far and, when it is inside a call, where its thread is now. */
    String describe() {
        long now = System.nanoTime();
        StringBuilder text = new StringBuilder();
        text.append("worker ").append(thread.getName()).append(" (through ").append(nodeId).append("): ")
                .append(attempts.get()).append(" attempts, ").append(successes.get()).append(" acknowledged");
        if (lastAcknowledgedNanos != 0) {
            text.append(", last ").append((now - lastAcknowledgedNanos) / 1_000_000).append(" ms ago");
        }
        text.append("; current attempt started ").append((now - lastAttemptStartedNanos) / 1_000_000)
                .append(" ms ago; thread ").append(thread.getState());
        synchronized (failures) {
            failures.forEach((type, count) -> text.append("\n    failed ").append(count.get()).append("x ")
                    .append(type).append(", last: ").append(lastFailure.get(type)));
        }
        text.append("\n    stack:");
        for (StackTraceElement frame : thread.getStackTrace()) {
            text.append("\n      at ").append(frame);
        }
        return text.toString();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
