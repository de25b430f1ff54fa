package io.vellum.kafka;

import io.vellum.engine.IdGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of a {@link StreamManager} and the streams it runs.
 *
 * @param region                    region in stream ARNs ({@code arn:aws:qldb:<region>:…})
 * @param accountId                 account in stream ARNs (the server uses twelve zeros: there are no accounts)
 * @param impairedAfter             a stream whose oldest unacknowledged record waited this long without any
 *                                  acknowledgement turns IMPAIRED (the producer keeps retrying meanwhile)
 * @param initialRetryDelay         wait before the first retry after a failed delivery attempt; doubled per
 *                                  failure up to {@code maxRetryDelay}, reset once an attempt delivers again
 * @param maxRetryDelay             longest wait between retries
 * @param endTimeGrace              a bounded stream completes when the clock is this far past its exclusive end
 *                                  time and every committed block before it was delivered: blocks are stamped when
 *                                  sealed and become visible a little later, and this covers that gap
 * @param closeTimeout              on close or cancel, how long to wait for records in flight to be acknowledged
 *                                  (fewer duplicates after a restart)
 * @param maxActiveStreamsPerLedger ACTIVE or IMPAIRED streams per ledger (QLDB: 5)
 * @param maxPendingBlocks          blocks sent but not yet acknowledged before a stream waits (bounds memory while
 *                                  Kafka is slow or away)
 * @param clock                     time source for creation times, start/end checks and lag
 * @param ids                       stream id source
 */
public record StreamSettings(String region, String accountId, Duration impairedAfter, Duration initialRetryDelay,
                             Duration maxRetryDelay, Duration endTimeGrace, Duration closeTimeout,
                             int maxActiveStreamsPerLedger, int maxPendingBlocks, Clock clock, IdGenerator ids) {
    /** The account id in ARNs when there are no AWS accounts (the server's choice too). */
    public static final String NO_ACCOUNT = "000000000000";

    public StreamSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(impairedAfter, "impairedAfter");
        Objects.requireNonNull(initialRetryDelay, "initialRetryDelay");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        Objects.requireNonNull(endTimeGrace, "endTimeGrace");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ids, "ids");
        if (maxActiveStreamsPerLedger < 1 || maxPendingBlocks < 1) {
            throw new IllegalArgumentException("maxActiveStreamsPerLedger and maxPendingBlocks must be >= 1");
        }
    }

    /** IMPAIRED after 10 s without acknowledgement, retries 0.5 s doubling to 30 s, 2 s end grace, 5 streams. */
    public static StreamSettings defaults(String region) {
        return new StreamSettings(region, NO_ACCOUNT, Duration.ofSeconds(10), Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(5), 5, 10_000, Clock.systemUTC(),
                IdGenerator.random());
    }

    public StreamSettings withImpairedAfter(Duration duration) {
        return new StreamSettings(region, accountId, duration, initialRetryDelay, maxRetryDelay, endTimeGrace,
                closeTimeout, maxActiveStreamsPerLedger, maxPendingBlocks, clock, ids);
    }

    public StreamSettings withRetryDelays(Duration initial, Duration max) {
        return new StreamSettings(region, accountId, impairedAfter, initial, max, endTimeGrace, closeTimeout,
                maxActiveStreamsPerLedger, maxPendingBlocks, clock, ids);
    }

    public StreamSettings withEndTimeGrace(Duration grace) {
        return new StreamSettings(region, accountId, impairedAfter, initialRetryDelay, maxRetryDelay, grace,
                closeTimeout, maxActiveStreamsPerLedger, maxPendingBlocks, clock, ids);
    }

    /** Zero makes close abort records in flight, as a crash would (they are re-sent after a restart). */
    public StreamSettings withCloseTimeout(Duration timeout) {
        return new StreamSettings(region, accountId, impairedAfter, initialRetryDelay, maxRetryDelay, endTimeGrace,
                timeout, maxActiveStreamsPerLedger, maxPendingBlocks, clock, ids);
    }

    public StreamSettings withMaxActiveStreamsPerLedger(int streams) {
        return new StreamSettings(region, accountId, impairedAfter, initialRetryDelay, maxRetryDelay, endTimeGrace,
                closeTimeout, streams, maxPendingBlocks, clock, ids);
    }

    public StreamSettings withClock(Clock newClock) {
        return new StreamSettings(region, accountId, impairedAfter, initialRetryDelay, maxRetryDelay, endTimeGrace,
                closeTimeout, maxActiveStreamsPerLedger, maxPendingBlocks, newClock, ids);
    }

    public StreamSettings withIds(IdGenerator newIds) {
        return new StreamSettings(region, accountId, impairedAfter, initialRetryDelay, maxRetryDelay, endTimeGrace,
                closeTimeout, maxActiveStreamsPerLedger, maxPendingBlocks, clock, newIds);
    }
}
