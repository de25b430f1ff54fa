package io.vellum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster node never generates a key pair of its own: every node must verify with the same one. */
class ClusterKeysTest {
    @TempDir
    Path directory;

    @Test
    void clusterModeWithoutKeysIsRefusedBeforeAnythingIsCreated() {
        ClusterConfig cluster = new ClusterConfig("127.0.0.1:9", "node-1", URI.create("http://127.0.0.1:8080"));
        Path data = directory.resolve("data");

        assertThatThrownBy(() -> VellumServer.start(ServerConfig.defaults(data), cluster))
                .isInstanceOf(LedgerException.class)
                .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("cluster mode needs the key pair every node of the cluster shares")
                .hasMessageContaining("--access-key-id");
        assertThat(Files.exists(data.resolve("credentials"))).isFalse();
    }
}
