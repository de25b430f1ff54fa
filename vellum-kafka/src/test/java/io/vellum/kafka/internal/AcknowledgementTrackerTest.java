package io.vellum.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AcknowledgementTrackerTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final DeliveryCounters counters = new DeliveryCounters();

    @Test
    void positionIsTheFirstBlockNotCompletelyAcknowledged() {
        AcknowledgementTracker tracker = new AcknowledgementTracker(10, clock, 100, counters);
        tracker.register(10, 2, 0);
        tracker.register(11, 1, 0);
        tracker.register(12, 3, 0);
        assertThat(tracker.position()).isEqualTo(10);

        tracker.acknowledged(11);
        tracker.acknowledged(12);
        tracker.acknowledged(10);
        assertThat(tracker.position()).as("block 10 has one record outstanding").isEqualTo(10);

        tracker.acknowledged(10);
        assertThat(tracker.position()).as("block 12 has two records outstanding").isEqualTo(12);

        tracker.acknowledged(12);
        tracker.acknowledged(12);
        assertThat(tracker.position()).isEqualTo(13);
        assertThat(tracker.allAcknowledged()).isTrue();
        assertThat(counters.blocksAcknowledged.get()).isEqualTo(3);
        assertThat(counters.recordsAcknowledged.get()).isEqualTo(6);
    }

    @Test
    void skippedBlocksMoveThePositionOnlyOnceEarlierBlocksAreIn() {
        AcknowledgementTracker tracker = new AcknowledgementTracker(0, clock, 100, counters);
        tracker.register(0, 1, 0);
        tracker.skip(1);
        tracker.skip(2);
        assertThat(tracker.position()).isEqualTo(0);
        tracker.acknowledged(0);
        assertThat(tracker.position()).isEqualTo(3);
    }

    @Test
    void stallIsMeasuredFromTheLastAcknowledgementOrTheOldestSend() {
        AcknowledgementTracker tracker = new AcknowledgementTracker(0, clock, 100, counters);
        assertThat(tracker.stalledMillis()).isZero();
        tracker.register(0, 2, 0);
        clock.now = clock.now.plus(Duration.ofMillis(1500));
        assertThat(tracker.stalledMillis()).isEqualTo(1500);
        tracker.acknowledged(0);
        assertThat(tracker.stalledMillis()).isZero();
        clock.now = clock.now.plus(Duration.ofMillis(300));
        assertThat(tracker.stalledMillis()).isEqualTo(300);
        tracker.acknowledged(0);
        assertThat(tracker.stalledMillis()).isZero();
    }

    @Test
    void aFailureOrTheEndStopsTheIntakeAndFullCapacityWaits() throws Exception {
        AcknowledgementTracker tracker = new AcknowledgementTracker(0, clock, 1, counters);
        tracker.register(0, 1, 0);
        Thread waiter = new Thread(() -> assertThat(tracker.awaitCapacity()).isTrue());
        waiter.start();
        waiter.join(200);
        assertThat(waiter.isAlive()).as("waits while one block is pending").isTrue();
        tracker.acknowledged(0);
        waiter.join(5_000);
        assertThat(waiter.isAlive()).isFalse();

        tracker.reachEnd(5);
        assertThat(tracker.accepting()).isFalse();
        assertThat(tracker.endReached()).isTrue();
        AcknowledgementTracker failing = new AcknowledgementTracker(0, clock, 1, counters);
        failing.fail(new IllegalStateException("first"));
        failing.fail(new IllegalStateException("second"));
        assertThat(failing.failure()).hasMessage("first");
        assertThat(failing.accepting()).isFalse();
    }
}
