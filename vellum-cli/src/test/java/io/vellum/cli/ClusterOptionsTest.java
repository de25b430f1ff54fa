package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.server.cluster.ClusterConfig;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code vellum serve}'s cluster options as picocli parses them. */
class ClusterOptionsTest {
    @Test
    void withoutClusterThereIsNoClusterConfig() {
        ServeCommand serve = parse();
        assertThat(serve.cluster.config(null)).isNull();
        assertThat(serve.cluster.config("kafka:9092")).isNull();
    }

    @Test
    void clusterModeTakesTheKafkaClusterNodeIdAndUrl() {
        ServeCommand serve = parse("--cluster", "--kafka-bootstrap-servers", "kafka-1:9092", "--node-id", "node-1",
                "--advertised-url", "http://10.0.0.11:8080", "--cluster-session-timeout", "9000");
        ClusterConfig config = serve.cluster.config(serve.kafkaBootstrapServers);
        assertThat(config.bootstrapServers()).isEqualTo("kafka-1:9092");
        assertThat(config.nodeId()).isEqualTo("node-1");
        assertThat(config.advertisedUrl()).isEqualTo(URI.create("http://10.0.0.11:8080"));
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(parse("--cluster", "--node-id", "n", "--advertised-url", "http://h:1").cluster
                .config("k:1").sessionTimeout()).isEqualTo(ClusterConfig.DEFAULT_SESSION_TIMEOUT);
    }

    @Test
    void evictionOfADeadWriterIsOnByDefaultAndZeroTurnsItOff() {
        ClusterConfig defaults = parse("--cluster", "--node-id", "n", "--advertised-url", "http://h:1").cluster
                .config("k:1");
        assertThat(defaults.evictAfter()).isEqualTo(ClusterConfig.DEFAULT_EVICT_AFTER).isEqualTo(Duration.ofMillis(1500));
        assertThat(defaults.evicts()).isTrue();
        ClusterConfig off = parse("--cluster", "--node-id", "n", "--advertised-url", "http://h:1",
                "--cluster-evict-after", "0").cluster.config("k:1");
        assertThat(off.evicts()).isFalse();
        assertThat(parse("--cluster", "--node-id", "n", "--advertised-url", "http://h:1", "--cluster-evict-after",
                "2500").cluster.config("k:1").evictAfter()).isEqualTo(Duration.ofMillis(2500));
        assertThatThrownBy(() -> parse("--cluster", "--node-id", "n", "--advertised-url", "http://h:1",
                "--cluster-evict-after", "-1").cluster.config("k:1"))
                .hasMessage("--cluster-evict-after must be 0 (off) or positive, not -1");
    }

    @Test
    void missingOrMisplacedOptionsAreNamed() {
        assertThatThrownBy(() -> parse("--cluster", "--node-id", "n", "--advertised-url", "http://h:1").cluster
                .config(null)).hasMessage("--cluster needs --kafka-bootstrap-servers");
        assertThatThrownBy(() -> parse("--cluster").cluster.config("k:1"))
                .hasMessage("--cluster needs --node-id and --advertised-url");
        assertThatThrownBy(() -> parse("--node-id", "n").cluster.config("k:1"))
                .hasMessage("--node-id and --advertised-url need --cluster");
        assertThatThrownBy(() -> parse("--cluster", "--node-id", "n", "--advertised-url", "ftp://h:1").cluster
                .config("k:1")).hasMessageContaining("must be http(s)://host:port");
    }

    private static ServeCommand parse(String... arguments) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(arguments);
        return serve;
    }
}
