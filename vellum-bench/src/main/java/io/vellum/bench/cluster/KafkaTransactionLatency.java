package io.vellum.bench.cluster;

import io.vellum.cluster.internal.KafkaClients;
import io.vellum.cluster.internal.LedgerTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Where one Kafka transaction of a replicated writer spends its time, without Vellum around it: the cluster
 * benchmark's three in-process brokers ({@link ThreeBrokerKafka}), one ledger topic as Vellum creates it, the
 * writer's transactional producer exactly as cluster mode configures it ({@link KafkaClients}) and two
 * {@code read_committed} followers, and back-to-back transactions of a fixed number of block-sized records
 * ({@code beginTransaction}, sends, {@code commitTransaction}, every send's result checked — what
 * {@code KafkaBlockLog} does). Prints per phase the transactions per second and the p50/p99 of the sends and of
 * the commit, and the producer's retry counters.
 *
 * <p>{@code java [-Dvellum.bench.brokerConfig=k=v,…] -cp vellum-bench/target/vellum-bench.jar
 * io.vellum.bench.cluster.KafkaTransactionLatency [seconds=10] [blocksPerTransaction=8] [blockBytes=2000]
 * [variant=k=v;k=v …]}: each further argument is one phase with those producer properties over cluster mode's
 * (an empty one, {@code -}, is cluster mode as it is); {@code pause=N} in a variant waits N ms between
 * transactions.
 */
public final class KafkaTransactionLatency {
    private KafkaTransactionLatency() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "error");
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int blockBytes = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        List<String> variants = args.length > 3 ? Arrays.asList(args).subList(3, args.length) : List.of("-");
        Path directory = Files.createTempDirectory("vellum-kafka-latency");
        ThreeBrokerKafka kafka = new ThreeBrokerKafka(directory);
        System.out.printf("kafka-latency: brokers up (%s), load average %.1f%n", kafka.bootstrapServers(),
                Phase.loadAverage());
        try {
            int index = 0;
            for (String variant : variants) {
                index++;
                Map<String, String> producerSettings = new HashMap<>();
                long pauseMs = 0;
                for (String setting : variant.split(";")) {
                    if (setting.startsWith("pause=")) {
                        pauseMs = Long.parseLong(setting.substring(6));
                    } else if (setting.contains("=")) {
                        producerSettings.put(setting.substring(0, setting.indexOf('=')),
                                setting.substring(setting.indexOf('=') + 1));
                    }
                }
                run(kafka.bootstrapServers(), "latency-" + index, variant, producerSettings, pauseMs, seconds, blocks,
                        blockBytes);
            }
        } finally {
            Thread stopping = new Thread(kafka::close, "bench-kafka-stop");
            stopping.setDaemon(true);
            stopping.start();
            stopping.join(20_000);
        }
        System.exit(0);
    }

    private static void run(String bootstrap, String ledger, String variant, Map<String, String> producerSettings,
                            long pauseMs, int seconds, int blocks, int blockBytes) throws Exception {
        LedgerTopic topic = new LedgerTopic(ledger);
        KafkaClients clients = new KafkaClients(bootstrap, producerSettings);
        try (Admin admin = clients.admin()) {
            topic.ensureExists(admin, Duration.ofSeconds(30));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong consumed = new AtomicLong();
        List<Thread> followers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread follower = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaClients(bootstrap, Map.of()).followingReader()) {
                    consumer.assign(List.of(topic.partition()));
                    consumer.seekToBeginning(List.of(topic.partition()));
                    while (running.get()) {
                        consumed.addAndGet(consumer.poll(Duration.ofMillis(200)).count());
                    }
                }
            }, "follower-" + i);
            follower.start();
            followers.add(follower);
        }
        byte[] payload = new byte[blockBytes];
        try (KafkaProducer<byte[], byte[]> producer = clients.transactionalProducer(topic.transactionalId())) {
            producer.initTransactions();
            long sequence = 0;
            List<Long> sends = new ArrayList<>();
            List<Long> commits = new ArrayList<>();
            for (int warm = 0; warm < 2; warm++) {
                sends.clear();
                commits.clear();
                long end = System.nanoTime() + (warm == 0 ? 3 : seconds) * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    producer.beginTransaction();
                    List<Future<RecordMetadata>> sent = new ArrayList<>();
                    for (int i = 0; i < blocks; i++) {
                        sent.add(producer.send(new ProducerRecord<>(topic.name(), 0, longBytes(sequence++), payload)));
                    }
                    long committing = System.nanoTime();
                    producer.commitTransaction();
                    for (Future<RecordMetadata> future : sent) {
                        future.get();
                    }
                    long done = System.nanoTime();
                    sends.add(committing - start);
                    commits.add(done - committing);
                    if (pauseMs > 0) {
                        Thread.sleep(pauseMs);
                    }
                }
            }
            System.out.printf("kafka-latency: %-60s %5.0f tx/s; send p50 %5.2f ms; commit p50 %6.2f p90 %6.2f p99 "
                            + "%6.2f ms; load %.1f; %s%n", variant, commits.size() / (double) seconds,
                    percentile(sends, 50), percentile(commits, 50), percentile(commits, 90), percentile(commits, 99),
                    Phase.loadAverage(), retries(producer));
        } finally {
            running.set(false);
            for (Thread follower : followers) {
                follower.join();
            }
        }
    }

    private static String retries(KafkaProducer<byte[], byte[]> producer) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
            String name = metric.getKey().name();
            if (metric.getKey().group().equals("producer-metrics") && (name.equals("record-retry-total")
                    || name.equals("txn-commit-time-ns-total") || name.equals("request-latency-avg")
                    || name.equals("requests-in-flight") || name.equals("request-total"))) {
                text.append(name).append('=').append(metric.getValue().metricValue()).append(' ');
            }
        }
        return text.toString();
    }

    private static double percentile(List<Long> nanos, int percent) {
        if (nanos.isEmpty()) {
            return 0;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)] / 1e6;
    }

    private static byte[] longBytes(long value) {
        return java.nio.ByteBuffer.allocate(8).putLong(value).array();
    }
}
