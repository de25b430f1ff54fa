package io.vellum.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.proof.hash.Hash;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flushes and table files at scale (docs/SCALE.md): {@link StateStore#requestFlush} runs on the committer thread, so
 * it must never wait for background work (a wait there stopped every commit for up to 30 s at 4–9 million
 * revisions); and a store with many table files, opened lazily, must still read all of them.
 */
class StateStoreFlushTest {
    private static final String TABLE = "tttttttttttttttttttttt";

    @Test
    void requestFlushDoesNotWaitForBackgroundWork(@TempDir Path directory) throws Exception {
        StateStore store = StateStore.open(directory);
        try {
            // With flushes and compactions paused, a second unflushed memtable would reach RocksDB's memtable
            // stall limit (max_write_buffer_number = 2): a flush request that avoids stalls waits for ever.
            store.pauseBackgroundWork();
            for (int round = 0; round < 2; round++) {
                StoreBatch batch = store.newBatch();
                batch.putRevision(TABLE, "dddddddddddddddddddd0" + round, 0, new byte[] {(byte) round});
                store.write(batch, round);
                CompletableFuture<Void> flush = CompletableFuture.runAsync(store::requestFlush);
                assertThat(flush).as("flush request %d returns while background work is paused", round)
                        .succeedsWithin(10, TimeUnit.SECONDS);
            }
        } finally {
            store.continueBackgroundWork();
            store.close();
        }
        try (StateStore reopened = StateStore.open(directory)) {
            assertThat(reopened.lastAppliedSequenceNo()).isEqualTo(1);
        }
    }

    @Test
    void readsEveryTableFileAfterReopeningWithOverAThousandFiles(@TempDir Path directory) {
        // Block keys only ever grow, so each flush becomes one more file that compaction moves down and never merges.
        int blocks = 1_100;
        try (StateStore store = StateStore.open(directory)) {
            for (int sequenceNo = 0; sequenceNo < blocks; sequenceNo++) {
                StoreBatch batch = store.newBatch();
                batch.putBlock(sequenceNo, location(sequenceNo));
                store.write(batch, sequenceNo);
                store.flush();
            }
        }
        try (StateStore reopened = StateStore.open(directory)) {
            for (int sequenceNo = 0; sequenceNo < blocks; sequenceNo++) {
                assertThat(reopened.block(sequenceNo)).isEqualTo(location(sequenceNo));
            }
        }
    }

    private static BlockLocation location(long sequenceNo) {
        byte[] hash = new byte[Hash.LENGTH];
        hash[0] = (byte) sequenceNo;
        return new BlockLocation(0, sequenceNo * 100, 100, sequenceNo, Hash.of(hash));
    }
}
