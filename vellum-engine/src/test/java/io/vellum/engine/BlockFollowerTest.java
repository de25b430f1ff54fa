package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.proof.block.JournalBlock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockFollowerTest {
    @TempDir
    Path directory;

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void deliversPastAndNewBlocksInOrderAndResumesFromAnyBlock() throws Exception {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE T"));
            ledger.execute(tx -> tx.execute("INSERT INTO T VALUE {'a': 1}"));
            List<JournalBlock> seen = new CopyOnWriteArrayList<>();
            try (BlockFollower follower = ledger.follow(0, seen::add)) {
                awaitSize(seen, 3);
                for (int i = 0; i < 20; i++) {
                    ledger.execute(tx -> tx.execute("INSERT INTO T VALUE {'b': 2}"));
                }
                awaitSize(seen, 23);
                assertThat(follower.failure()).isNull();
                assertThat(follower.nextSequenceNo()).isEqualTo(23);
            }
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i).blockAddress().sequenceNo()).isEqualTo(i);
                if (i > 0) {
                    seen.get(i).verifyFollows(seen.get(i - 1));
                }
            }
            List<JournalBlock> resumed = new CopyOnWriteArrayList<>();
            try (BlockFollower follower = ledger.follow(17, resumed::add)) {
                awaitSize(resumed, 6);
            }
            assertThat(resumed).extracting(b -> b.blockAddress().sequenceNo()).containsExactly(17L, 18L, 19L, 20L, 21L, 22L);
        }
    }

    @Test
    void stopsWhenTheConsumerFails() throws Exception {
        try (Ledger ledger = Ledger.open(directory)) {
            BlockFollower follower = ledger.follow(0, block -> {
                throw new IllegalStateException("consumer broke");
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (follower.failure() == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(follower.failure()).hasMessage("consumer broke");
            follower.close();
        }
    }
}
