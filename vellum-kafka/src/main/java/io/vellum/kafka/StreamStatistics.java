package io.vellum.kafka;

import java.time.Duration;

/**
 * What a stream has done since this process started it (counters are not persisted; the position is).
 *
 * @param nextSequenceNo      the durable position: every block before it was acknowledged by Kafka
 * @param recordsSent         records handed to the producer (a record resent after a failure counts again)
 * @param recordsAcknowledged records Kafka acknowledged
 * @param blocksAcknowledged  blocks whose every record Kafka acknowledged
 * @param deliveryAttempts    delivery attempts started (1 + restarts after failures)
 * @param lagMedian           commit ({@code blockTimestamp}) to acknowledgement of a block's last record: median
 *                            over the last {@value io.vellum.kafka.internal.LagWindow#CAPACITY} blocks; zero before
 *                            the first
 * @param lagPercentile99     the same, 99th percentile
 * @param lagMaximum          the same, maximum
 */
public record StreamStatistics(long nextSequenceNo, long recordsSent, long recordsAcknowledged,
                               long blocksAcknowledged, long deliveryAttempts, Duration lagMedian,
                               Duration lagPercentile99, Duration lagMaximum) {
}
