package io.vellum.testkit.kafka;

import io.vellum.testkit.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka cluster of several KRaft nodes (each broker and controller, one voter each) for tests, every node
 * in a child JVM running {@link #main}, so that a broker can be SIGKILLed — a machine lost, no clean shutdown — and
 * restarted on its ports and data. Internal and new topics are replicated to every node (internal ones with
 * {@code min.insync.replicas} 2, see {@link KafkaNodes}), so a cluster of three keeps serving with one broker down.
 * Not thread-safe.
 */
public final class ChildProcessKafkaCluster implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(300);

    private final Path directory;
    private final int[] brokerPorts;
    private final Process[] processes;
    private final int[] starts;

    public ChildProcessKafkaCluster(Path directory, int count) throws Exception {
        this.directory = directory;
        this.brokerPorts = new int[count];
        this.processes = new Process[count];
        this.starts = new int[count];
        int[] controllerPorts = new int[count];
        for (int i = 0; i < count; i++) {
            brokerPorts[i] = FreePorts.next();
            controllerPorts[i] = FreePorts.next();
        }
        String voters = KafkaNodes.voters(controllerPorts);
        String clusterId = Uuid.randomUuid().toString();
        for (int i = 0; i < count; i++) {
            Path data = directory.resolve("broker-" + (i + 1));
            Files.createDirectories(data);
            Properties configuration = KafkaNodes.configuration(i + 1, brokerPorts[i], controllerPorts[i], voters,
                    data, count, 1);
            try (OutputStream out = Files.newOutputStream(directory.resolve("broker-" + (i + 1) + ".properties"))) {
                configuration.store(out, null);
            }
            KafkaNodes.format(i + 1, clusterId, data);
        }
        // All at once: a node's broker waits for a controller quorum, which needs a majority of the nodes.
        for (int i = 0; i < count; i++) {
            start(i);
        }
        awaitBrokers(count);
    }

    public String bootstrapServers() {
        return KafkaNodes.bootstrapServers(brokerPorts);
    }

    /** Starts (or restarts) broker {@code index} (0-based; its Kafka node id is index + 1) on its ports and data. */
    public void start(int index) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = directory.resolve("broker-" + (index + 1) + "-" + (++starts[index]) + ".log");
        processes[index] = new ProcessBuilder(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), ChildProcessKafkaCluster.class.getName(),
                directory.resolve("broker-" + (index + 1) + ".properties").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGKILL of broker {@code index}: no controlled shutdown, leadership moves only when the controller notices. */
    public void kill(int index) throws InterruptedException {
        Process process = processes[index];
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Waits until {@code count} brokers are registered and unfenced. */
    public void awaitBrokers(int count) throws Exception {
        awaitAdmin("brokers up: " + count, admin -> admin.describeCluster().nodes().get().size() >= count);
    }

    /** Waits until every partition of {@code topic} has all its replicas in sync again. */
    public void awaitFullyReplicated(String topic) throws Exception {
        awaitAdmin("every replica of " + topic + " in sync", admin -> {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().stream().allMatch(p -> p.isr().size() == p.replicas().size());
        });
    }

    /** The index (0-based) of the broker leading partition 0 of {@code topic}. */
    public int leaderOf(String topic) throws Exception {
        int[] leader = new int[1];
        awaitAdmin("a leader of " + topic, admin -> {
            TopicPartitionInfo partition = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().get(0);
            if (partition.leader() == null || partition.leader().isEmpty()) {
                return false;
            }
            leader[0] = partition.leader().id() - 1;
            return true;
        });
        return leader[0];
    }

    private interface AdminCondition {
        boolean holds(Admin admin) throws Exception;
    }

    private void awaitAdmin(String what, AdminCondition condition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000"))) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            List<String> failures = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < processes.length; i++) {
                    if (processes[i] != null && !processes[i].isAlive() && processes[i].exitValue() != 137) {
                        throw new IllegalStateException("broker " + (i + 1) + " exited with "
                                + processes[i].exitValue() + ", see " + directory);
                    }
                }
                try {
                    if (condition.holds(admin)) {
                        return;
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
                Thread.sleep(200);
            }
            throw new AssertionError("not within " + PATIENCE + ": " + what + "; last failures "
                    + failures.subList(Math.max(0, failures.size() - 3), failures.size()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < processes.length; i++) {
            kill(i);
        }
    }

    /** The child: one Kafka node from the properties file {@code args[0]}, until it is killed. */
    public static void main(String[] args) throws IOException {
        Properties configuration = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            configuration.load(in);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(configuration, false), Time.SYSTEM);
        server.startup();
        server.awaitShutdown();
    }
}
