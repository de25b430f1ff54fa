import io.vellum.testkit.kafka.InProcessKafkaCluster;
import java.nio.file.Path;
import java.util.Map;

/**
 * Three real KRaft Kafka brokers (each also a controller voter) in this JVM, for trying cluster mode on one machine:
 * ledger topics then get replication factor 3 and min.insync.replicas 2. Prints the bootstrap servers, runs until
 * killed. Usage: java -cp vellum-bench/target/vellum-bench.jar docs/examples/cluster/ThreeKafkaBrokers.java DIR
 */
public class ThreeKafkaBrokers {
    public static void main(String[] args) throws Exception {
        InProcessKafkaCluster kafka = new InProcessKafkaCluster(Path.of(args[0]), 3,
                Map.of("min.insync.replicas", "2", "add.partitions.to.txn.retry.backoff.ms", "1"));
        System.out.println(kafka.bootstrapServers());
        Thread.currentThread().join();
    }
}
