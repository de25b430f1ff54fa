package io.vellum.kafka;

import static io.vellum.kafka.StreamDeliveryTest.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import io.vellum.kafka.internal.StreamState;
import io.vellum.kafka.internal.StreamStore;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once across restarts, with commits running throughout: the stream manager closed and constructed again
 * on its directory, and the Kafka broker stopped and started again on its log directory and port. No block may be
 * missing; duplicates are counted and printed.
 */
@Tag("slow")
class StreamRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final EmbeddedKafkaExtension BROKER = new EmbeddedKafkaExtension(2);

    @TempDir
    Path directory;

    private static StreamSettings settings() {
        return StreamSettings.defaults("us-east-1").withImpairedAfter(Duration.ofSeconds(1))
                .withRetryDelays(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    private static StreamRequest request(String topic) {
        return StreamRequest.toKafka("recovery", Instant.EPOCH, null,
                new KafkaTarget(BROKER.kafka().bootstrapServers(), topic), StreamFormat.ION_BINARY);
    }

    @Test
    void managerClosedAndReconstructedMidStreamLosesNoBlock() throws Exception {
        long seed = System.nanoTime();
        System.out.println("managerRestart seed=" + seed);
        Path streams = directory.resolve("streams");
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            TransferLoad.createAccounts(ledger, 20);
            String streamId;
            long positionAtClose;
            long rewound;
            try (TransferLoad load = TransferLoad.start(ledger, 20, 2, seed)) {
                // The first manager closes without waiting for records in flight (close timeout zero), as a killed
                // process would leave them: whatever was not acknowledged is sent again by the second.
                try (StreamManager first = new StreamManager(streams, name -> Optional.of(ledger),
                        settings().withCloseTimeout(Duration.ZERO))) {
                    streamId = first.create("bank", request("journal-manager-restart"));
                    // Until the stream's file records a position worth rewinding (the statistics' position is the
                    // durable one); a fixed sleep recorded none at a load average of 60, and the test then failed.
                    String started = streamId;
                    awaitCondition(() -> first.statistics(started).nextSequenceNo() >= 20,
                            "the first manager recording block 20 as sent");
                }
                long tipAtClose = ledger.digest().tipAddress().sequenceNo();
                // A crash can also lose the last position writes (acknowledged blocks whose checkpoint never made it
                // to disk): rewind the file by up to 50 blocks (half its position at most), so the next manager must send those blocks again.
                StreamStore files = new StreamStore(streams);
                StreamState written = files.readAll().get(0);
                rewound = Math.min(50, written.nextSequenceNo() / 2);
                files.write(written.withPosition(written.nextSequenceNo() - rewound));
                Thread.sleep(700);
                try (StreamManager second = new StreamManager(streams, name -> Optional.of(ledger), settings())) {
                    positionAtClose = second.statistics(streamId).nextSequenceNo();
                    System.out.println("managerRestart: tip at close=" + tipAtClose + ", resumed at block "
                            + positionAtClose + " (file rewound by " + rewound + " blocks), tip at resume="
                            + ledger.digest().tipAddress().sequenceNo());
                    Thread.sleep(1_500);
                    load.stop();
                    long tip = ledger.digest().tipAddress().sequenceNo();
                    awaitCondition(() -> second.statistics(streamId).nextSequenceNo() > tip, "caught up to " + tip);
                    RecordedStream stream = consume(streamId, "journal-manager-restart", tip);
                    System.out.println("managerRestart: " + stream + ", statistics after restart "
                            + second.statistics(streamId));
                    stream.verifyAgainst(ledger);
                    assertThat(stream.controlRecords).containsExactly(ControlRecordType.CREATED);
                    assertThat(second.describe(streamId).status()).isEqualTo(StreamStatus.ACTIVE);
                    assertThat(stream.duplicateBlocks).as("the rewound blocks were sent again")
                            .isGreaterThanOrEqualTo(rewound);
                }
            }
            assertThat(positionAtClose).isGreaterThan(0);
        }
    }

    @Test
    void brokerStoppedAndRestartedMidStreamImpairsThenRecoversWithoutLoss() throws Exception {
        // An outage shorter than the producer's delivery timeout: the producer retries on its own.
        StreamStatistics statistics = brokerOutage("broker-restart", Map.of(), 1_000);
        assertThat(statistics.deliveryAttempts()).isEqualTo(1);
    }

    @Test
    void brokerAwayLongerThanTheDeliveryTimeoutRestartsDeliveryFromThePosition() throws Exception {
        // Records expire after 3 s: the attempt fails, and new attempts (new producer, backoff) retry from the
        // durable position until the broker is back.
        StreamStatistics statistics = brokerOutage("broker-away", Map.of("delivery.timeout.ms", "3000",
                "request.timeout.ms", "1000", "max.block.ms", "2000"), 5_000);
        assertThat(statistics.deliveryAttempts()).isGreaterThan(1);
    }

    /**
     * Commits on two threads throughout; stops the broker a second into the stream, waits for IMPAIRED, keeps it
     * away {@code outageMillis} more, starts it again on the same port and log directory, waits for ACTIVE, then
     * checks that the consumer rebuilds every block.
     */
    private StreamStatistics brokerOutage(String name, Map<String, String> producerProperties, long outageMillis)
            throws Exception {
        long seed = System.nanoTime();
        System.out.println(name + " seed=" + seed);
        String topic = "journal-" + name;
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"));
             StreamManager manager = new StreamManager(directory.resolve("streams"), ledgerName -> Optional.of(ledger),
                     settings())) {
            TransferLoad.createAccounts(ledger, 20);
            String streamId = manager.create("bank", StreamRequest.toKafka("recovery", Instant.EPOCH, null,
                    new KafkaTarget(BROKER.kafka().bootstrapServers(), topic, producerProperties), StreamFormat.ION_BINARY));
            List<String> transitions = new CopyOnWriteArrayList<>();
            AtomicBoolean watching = new AtomicBoolean(true);
            Thread watcher = new Thread(() -> {
                StreamStatus last = null;
                while (watching.get()) {
                    StreamDefinition definition = manager.describe(streamId);
                    if (definition.status() != last) {
                        last = definition.status();
                        transitions.add(last + (definition.errorCause() == null ? ""
                                : " (" + definition.errorCause() + ": " + definition.errorMessage() + ")"));
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            watcher.start();
            long tipBeforeOutage;
            long tipAfterOutage;
            try (TransferLoad load = TransferLoad.start(ledger, 20, 2, seed)) {
                Thread.sleep(1_000);
                long stopped = System.nanoTime();
                BROKER.kafka().stop();
                tipBeforeOutage = ledger.digest().tipAddress().sequenceNo();
                awaitCondition(() -> manager.describe(streamId).status() == StreamStatus.IMPAIRED, "IMPAIRED");
                Thread.sleep(outageMillis);
                tipAfterOutage = ledger.digest().tipAddress().sequenceNo();
                BROKER.kafka().start();
                System.out.printf("%s: broker away %.1f s, blocks %d..%d committed meanwhile%n", name,
                        (System.nanoTime() - stopped) / 1e9, tipBeforeOutage, tipAfterOutage);
                awaitCondition(() -> manager.describe(streamId).status() == StreamStatus.ACTIVE, "ACTIVE again");
                Thread.sleep(1_000);
                load.stop();
                System.out.println(name + ": " + load.transfers() + " transfers");
            }
            long tip = ledger.digest().tipAddress().sequenceNo();
            awaitCondition(() -> manager.statistics(streamId).nextSequenceNo() > tip, "caught up to " + tip);
            watching.set(false);
            watcher.join();
            RecordedStream stream = consume(streamId, topic, tip);
            StreamStatistics statistics = manager.statistics(streamId);
            System.out.println(name + ": " + stream + ", " + statistics);
            System.out.println(name + ": status transitions " + transitions);
            stream.verifyAgainst(ledger);
            assertThat(tipAfterOutage).as("blocks were committed during the outage").isGreaterThan(tipBeforeOutage);
            assertThat(transitions.get(0)).isEqualTo("ACTIVE");
            assertThat(transitions).anyMatch(status -> status.startsWith("IMPAIRED (KAFKA_UNAVAILABLE"));
            assertThat(transitions.get(transitions.size() - 1)).isEqualTo("ACTIVE");
            assertThat(manager.describe(streamId).errorCause()).isNull();
            return statistics;
        }
    }

    private static RecordedStream consume(String streamId, String topic, long tip) {
        List<ConsumerRecord<byte[], byte[]>> messages = BROKER.kafka().readUntil(topic, WAIT,
                read -> RecordedStream.of(streamId, read).hasBlocks(0, tip));
        return RecordedStream.of(streamId, messages);
    }
}
