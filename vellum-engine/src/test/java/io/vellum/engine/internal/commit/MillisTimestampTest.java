package io.vellum.engine.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonSystemBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The kept timestamp is always the one {@code Timestamp.forMillis(millis, 0)} builds: same value, same bytes. */
class MillisTimestampTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    private static byte[] bytes(Timestamp timestamp) {
        return ION.newDatagram(ION.newTimestamp(timestamp)).getBytes();
    }

    private static void assertSameAsBuilt(long millis) {
        Timestamp kept = MillisTimestamp.of(millis);
        Timestamp built = Timestamp.forMillis(millis, 0);
        assertThat(kept).isEqualTo(built);
        assertThat(kept.toString()).isEqualTo(built.toString());
        assertThat(bytes(kept)).isEqualTo(bytes(built));
    }

    @Test
    void eachMillisecondGetsItsOwnTimestampAndARepeatedOneTheSame() {
        Random random = new Random(12);
        long now = 1_765_000_000_000L;
        for (int i = 0; i < 2_000; i++) {
            long millis = switch (i % 4) {
                case 0 -> now + i; // a clock moving on
                case 1 -> now + i - 1; // the same millisecond again
                case 2 -> now - random.nextInt(1_000_000); // a clock going back (another ledger's, a test clock)
                default -> random.nextLong(253_402_300_799_999L); // anything up to year 9999
            };
            assertSameAsBuilt(millis);
            assertSameAsBuilt(millis); // the kept one, now from the cache
        }
        assertSameAsBuilt(0);
    }

    @Test
    void threadsAskingForDifferentMillisecondsEachGetTheirOwn() throws InterruptedException {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<String> wrong = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        long[] bases = new long[threads];
        Arrays.setAll(bases, t -> 1_765_000_000_000L + t * 7L);
        for (int t = 0; t < threads; t++) {
            long base = bases[t];
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 50_000 && wrong.get() == null; i++) {
                    long millis = base + (i % 3);
                    Timestamp kept = MillisTimestamp.of(millis);
                    if (kept.getMillis() != millis || !kept.equals(Timestamp.forMillis(millis, 0))) {
                        wrong.compareAndSet(null, "asked for " + millis + ", got " + kept);
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(wrong.get()).isNull();
    }
}
