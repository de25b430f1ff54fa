package io.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.hosting.LedgerHosting;
import io.vellum.server.hosting.LedgerInfo;
import io.vellum.server.hosting.LedgerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode's metadata path without Kafka: what one registry tells its hosting about a change, applied to another
 * registry, makes that one describe the ledger the same way; applying is idempotent, later entries replace earlier
 * ones, and a deletion removes the copy.
 */
class ReplicatedMetadataTest {
    @TempDir
    Path origin;
    @TempDir
    Path replica;

    /** The catalog stand-in: entries in the order the origin produced them (null = deletion). */
    private final List<Map.Entry<String, byte[]>> entries = new ArrayList<>();

    private final LedgerHosting recording = new LedgerHosting() {
        @Override
        public Ledger open(String name, Path directory, LedgerOptions options) {
            return Ledger.open(directory, options);
        }

        @Override
        public void close(String name, Ledger ledger) {
            ledger.close();
        }

        @Override
        public void changed(LedgerInfo info, byte[] entry) {
            entries.add(new java.util.AbstractMap.SimpleEntry<>(info.name(), entry));
        }

        @Override
        public void deleted(String name) {
            entries.add(new java.util.AbstractMap.SimpleEntry<>(name, null));
        }
    };

    @Test
    void createTagUpdateAndDeleteReachTheOtherNodeInOrder() {
        try (LedgerRegistry first = new LedgerRegistry(origin, LedgerOptions.defaults(), "us-east-1", recording);
             LedgerRegistry second = new LedgerRegistry(replica, LedgerOptions.defaults(), "us-east-1")) {
            first.create("payments", true, "STANDARD", Map.of("team", "ops"));
            apply(second);
            assertThat(second.describe("payments")).isEqualTo(first.describe("payments"));
            assertThat(Files.isRegularFile(replica.resolve("payments").resolve("ledger.json"))).isTrue();

            first.tag("payments", Map.of("cost-centre", "7"));
            first.update("payments", false);
            apply(second);
            apply(second); // the whole history again: a node reading the catalog from its start
            assertThat(second.describe("payments")).isEqualTo(first.describe("payments"));
            assertThat(second.describe("payments").tags()).containsEntry("cost-centre", "7");
            assertThat(second.describe("payments").deletionProtection()).isFalse();

            first.delete("payments");
            apply(second);
            assertThatThrownBy(() -> second.describe("payments")).isInstanceOf(LedgerException.class)
                    .extracting(e -> ((LedgerException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(Files.exists(replica.resolve("payments"))).isFalse();
        }
    }

    @Test
    void aChangeThatIsNotAnEntryIsRefusedAndChangesNothing() {
        try (LedgerRegistry registry = new LedgerRegistry(replica, LedgerOptions.defaults(), "us-east-1")) {
            assertThatThrownBy(() -> registry.applyReplicated("{\"formatVersion\":9}".getBytes()))
                    .isInstanceOf(LedgerException.class).hasMessageContaining("format version 9");
            registry.applyReplicatedDeletion("absent");
            assertThat(registry.list()).isEmpty();
        }
    }

    private void apply(LedgerRegistry registry) {
        for (Map.Entry<String, byte[]> entry : entries) {
            if (entry.getValue() == null) {
                registry.applyReplicatedDeletion(entry.getKey());
            } else {
                registry.applyReplicated(entry.getValue());
            }
        }
    }
}
