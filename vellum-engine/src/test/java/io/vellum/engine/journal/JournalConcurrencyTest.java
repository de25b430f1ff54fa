package io.vellum.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stress: one writer appends while four readers read by position, iterate and verify. Every read must return
 * exactly what was written, and readers must never see a record before its append returned.
 */
class JournalConcurrencyTest {
    private static final long DURATION_MILLIS = 3_000;
    private static final int READERS = 4;

    @TempDir
    Path directory;

    @Test
    void readersSeeExactlyWhatTheWriterWroteWhileItAppends() throws Exception {
        long seed = JournalTestFiles.seed("readersSeeExactlyWhatTheWriterWrote", 41);
        // Small segments, so that readers cross segments and the read-channel cache evicts while in use.
        JournalOptions options = new JournalOptions(16 * 1024);
        ConcurrentHashMap<Long, byte[]> expectedPayloads = new ConcurrentHashMap<>();
        ConcurrentHashMap<Long, JournalPosition> positions = new ConcurrentHashMap<>();
        AtomicLong acknowledged = new AtomicLong(); // records whose append returned (and positions are stored)
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLongArray readsPerReader = new AtomicLongArray(READERS);
        CountDownLatch done = new CountDownLatch(1 + READERS);
        long deadline = System.currentTimeMillis() + DURATION_MILLIS;

        try (Journal journal = Journal.open(directory, options, -1)) {
            Thread writer = new Thread(() -> {
                Random random = new Random(seed);
                try {
                    while (System.currentTimeMillis() < deadline && failures.isEmpty()) {
                        List<byte[]> batch = JournalTestFiles.randomPayloads(random, 1 + random.nextInt(16), 600);
                        long first = journal.nextSequenceNo();
                        for (int i = 0; i < batch.size(); i++) {
                            expectedPayloads.put(first + i, batch.get(i)); // before a reader can see it
                        }
                        List<JournalPosition> appended = journal.append(batch);
                        for (int i = 0; i < appended.size(); i++) {
                            positions.put(first + i, appended.get(i));
                        }
                        acknowledged.set(first + batch.size());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            }, "journal-writer");

            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                int reader = r;
                readers.add(new Thread(() -> {
                    Random random = new Random(seed + 1 + reader);
                    try {
                        while (System.currentTimeMillis() < deadline && failures.isEmpty()) {
                            long known = acknowledged.get();
                            if (known == 0) {
                                Thread.onSpinWait();
                                continue;
                            }
                            int choice = random.nextInt(100);
                            if (choice < 60) {
                                long sequenceNo = random.nextInt((int) known);
                                byte[] payload = journal.read(sequenceNo, positions.get(sequenceNo));
                                check(Arrays.equals(payload, expectedPayloads.get(sequenceNo)), "read", sequenceNo);
                            } else if (choice < 99) {
                                long from = random.nextInt((int) known + 1);
                                long end = journal.nextSequenceNo();
                                Iterator<JournalEntry> entries = journal.readFrom(from);
                                long sequenceNo = from;
                                while (entries.hasNext() && sequenceNo < from + 200) {
                                    JournalEntry entry = entries.next();
                                    check(entry.sequenceNo() == sequenceNo, "readFrom order", sequenceNo);
                                    check(Arrays.equals(entry.payload(), expectedPayloads.get(sequenceNo)),
                                            "readFrom payload", sequenceNo);
                                    JournalPosition position = positions.get(sequenceNo);
                                    check(position == null || position.equals(entry.position()), "readFrom position",
                                            sequenceNo);
                                    sequenceNo++;
                                }
                                check(sequenceNo >= Math.min(end, from + 200), "readFrom ends too early", sequenceNo);
                            } else {
                                journal.verifyAll();
                            }
                            readsPerReader.incrementAndGet(reader);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                }, "journal-reader-" + r));
            }
            writer.start();
            readers.forEach(Thread::start);
            assertThat(done.await(DURATION_MILLIS + 60_000, TimeUnit.MILLISECONDS)).as("threads finished").isTrue();

            assertThat(failures).isEmpty();
            System.out.printf("concurrency stress: %d records in %d segments, reads per reader %s%n",
                    acknowledged.get(), JournalTestFiles.segmentFiles(directory).size(), readsPerReader);
            for (int r = 0; r < READERS; r++) {
                assertThat(readsPerReader.get(r)).as("reads of reader %d", r).isPositive();
            }
            journal.verifyAll();
        }
        try (Journal reopened = Journal.open(directory, options, acknowledged.get() - 1)) {
            assertThat(reopened.nextSequenceNo()).isEqualTo(acknowledged.get());
            reopened.verifyAll();
        }
    }

    private static void check(boolean condition, String what, long sequenceNo) {
        if (!condition) {
            throw new AssertionError(what + " mismatch at sequenceNo " + sequenceNo);
        }
    }
}
