package io.vellum.kafka;

import io.vellum.engine.BlockFollower;
import io.vellum.engine.Ledger;
import io.vellum.kafka.internal.LagWindow;
import io.vellum.testkit.kafka.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Throughput and lag of a stream to a local in-process broker (not a test: run it and record the numbers).
 *
 * <ol>
 *   <li>Backlog: transfers are committed for {@code vellum.harness.backlogSeconds} with no stream; then a stream
 *       from block 0 is created and timed until Kafka acknowledged every block: records/s and blocks/s of delivery
 *       alone.</li>
 *   <li>Live: a stream starting now, while {@code vellum.harness.threads} threads commit transfers for
 *       {@code vellum.harness.liveSeconds}: commit rate, acknowledgement rate, and the lag from commit
 *       ({@code blockTimestamp}) to Kafka's acknowledgement of the block's last record (p50/p99/max), next to the
 *       lag from commit to the engine's follower handing the block over (the part that is not Kafka's).</li>
 * </ol>
 *
 * Run: {@code mvn -q -f vellum-kafka/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test} then
 * {@code java -cp vellum-kafka/target/test-classes:vellum-kafka/target/classes:$(cat vellum-kafka/target/cp.txt)
 * io.vellum.kafka.StreamThroughputHarness}.
 */
public final class StreamThroughputHarness {
    private StreamThroughputHarness() {
    }

    public static void main(String[] arguments) throws Exception {
        int threads = Integer.getInteger("vellum.harness.threads", 4);
        int accounts = Integer.getInteger("vellum.harness.accounts", 200);
        int partitions = Integer.getInteger("vellum.harness.partitions", 3);
        long backlogSeconds = Long.getLong("vellum.harness.backlogSeconds", 10);
        long liveSeconds = Long.getLong("vellum.harness.liveSeconds", 15);
        Path directory = Files.createTempDirectory("vellum-stream-harness");
        System.out.printf("harness: %d cores (load average %.1f), %d transfer threads, %d accounts, %d partitions, "
                        + "directory %s%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), threads,
                accounts, partitions, directory);
        try (EmbeddedKafka kafka = new EmbeddedKafka(directory, partitions);
             Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            TransferLoad.createAccounts(ledger, accounts);
            StreamSettings settings = StreamSettings.defaults("us-east-1");
            try (StreamManager manager = new StreamManager(directory.resolve("streams"), name -> Optional.of(ledger),
                    settings)) {
                backlog(kafka, ledger, manager, threads, accounts, backlogSeconds);
                live(kafka, ledger, manager, threads, accounts, liveSeconds);
            }
            System.out.printf("harness: load average at the end %.1f%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void backlog(EmbeddedKafka kafka, Ledger ledger, StreamManager manager, int threads, int accounts,
            long seconds) throws Exception {
        try (TransferLoad load = TransferLoad.start(ledger, accounts, threads, 1)) {
            Thread.sleep(seconds * 1000);
            load.stop();
            System.out.printf("backlog: %d transfers committed without a stream%n", load.transfers());
        }
        long tip = ledger.digest().tipAddress().sequenceNo();
        long started = System.nanoTime();
        String streamId = manager.create("harness", StreamRequest.toKafka("backlog", Instant.EPOCH, null,
                new KafkaTarget(kafka.bootstrapServers(), "harness-backlog"), StreamFormat.ION_BINARY));
        while (manager.statistics(streamId).nextSequenceNo() <= tip) {
            Thread.sleep(5);
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        StreamStatistics statistics = manager.statistics(streamId);
        manager.cancel(streamId);
        System.out.printf("backlog: %d blocks, %d records delivered and acknowledged in %.2f s: %.0f records/s, "
                        + "%.0f blocks/s%n", tip + 1, statistics.recordsAcknowledged(), elapsed,
                statistics.recordsAcknowledged() / elapsed, (tip + 1) / elapsed);
    }

    private static void live(EmbeddedKafka kafka, Ledger ledger, StreamManager manager, int threads, int accounts,
            long seconds) throws Exception {
        String streamId = manager.create("harness", StreamRequest.toKafka("live", Instant.now(), null,
                new KafkaTarget(kafka.bootstrapServers(), "harness-live"), StreamFormat.ION_BINARY));
        while (manager.statistics(streamId).recordsAcknowledged() < 1) {
            Thread.sleep(5);
        }
        LagWindow followerLag = new LagWindow();
        long firstLive = ledger.digest().tipAddress().sequenceNo() + 1;
        long started = System.nanoTime();
        long transfers;
        BlockFollower follower = ledger.follow(firstLive, block -> followerLag.record(System.currentTimeMillis()
                - block.blockTimestamp().getMillis()));
        try (TransferLoad load = TransferLoad.start(ledger, accounts, threads, 2)) {
            Thread.sleep(seconds * 1000);
            load.stop();
            transfers = load.transfers();
            long tip = ledger.digest().tipAddress().sequenceNo();
            while (manager.statistics(streamId).nextSequenceNo() <= tip) {
                Thread.sleep(5);
            }
        } finally {
            follower.close();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        StreamStatistics statistics = manager.statistics(streamId);
        System.out.printf("live: %d transfers committed in %.1f s (%.0f/s) by %d threads; %d blocks, %d records "
                        + "acknowledged (%.0f blocks/s, %.0f records/s)%n", transfers, elapsed, transfers / elapsed,
                threads, statistics.blocksAcknowledged(), statistics.recordsAcknowledged(),
                statistics.blocksAcknowledged() / elapsed, statistics.recordsAcknowledged() / elapsed);
        System.out.printf("live lag commit -> Kafka acknowledgement: p50 %d ms, p99 %d ms, max %d ms%n",
                statistics.lagMedian().toMillis(), statistics.lagPercentile99().toMillis(),
                statistics.lagMaximum().toMillis());
        System.out.printf("live lag commit -> follower hand-over:    p50 %d ms, p99 %d ms, max %d ms%n",
                followerLag.percentile(50).toMillis(), followerLag.percentile(99).toMillis(),
                followerLag.percentile(100).toMillis());
    }

    private static void deleteRecursively(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
