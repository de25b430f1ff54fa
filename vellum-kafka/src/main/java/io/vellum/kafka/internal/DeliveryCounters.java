package io.vellum.kafka.internal;

import java.util.concurrent.atomic.AtomicLong;

/** A stream's counters across its delivery attempts (in memory, since this process started it). Thread-safe. */
final class DeliveryCounters {
    final AtomicLong recordsSent = new AtomicLong();
    final AtomicLong recordsAcknowledged = new AtomicLong();
    final AtomicLong blocksAcknowledged = new AtomicLong();
    final AtomicLong deliveryAttempts = new AtomicLong();
    final LagWindow lag = new LagWindow();

    void recordsSent(int records) {
        recordsSent.addAndGet(records);
    }

    void recordAcknowledged() {
        recordsAcknowledged.incrementAndGet();
    }

    void blockAcknowledged(long lagMillis) {
        blocksAcknowledged.incrementAndGet();
        lag.record(lagMillis);
    }
}
