package io.vellum.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Measures append+force throughput against the disk's raw fsync rate. Not a test (it takes a while and its
 * numbers depend on the machine); run it by hand:
 * <pre>
 * java -cp target/classes:target/test-classes:&lt;slf4j-api&gt; io.vellum.engine.journal.JournalThroughputMeasurement [directory] [seconds] [rounds]
 * </pre>
 */
public final class JournalThroughputMeasurement {
    private static final int PAYLOAD_BYTES = 1024;

    private JournalThroughputMeasurement() {
    }

    public static void main(String[] arguments) throws IOException {
        Path parent = Path.of(arguments.length > 0 ? arguments[0] : System.getProperty("java.io.tmpdir"));
        double seconds = arguments.length > 1 ? Double.parseDouble(arguments[1]) : 2;
        int rounds = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 5;
        Path workspace = Files.createTempDirectory(parent, "journal-throughput-");
        try {
            System.out.printf("directory %s, %d rounds of %.1f s per measurement, payloads of %d bytes%n", workspace,
                    rounds, seconds, PAYLOAD_BYTES);
            // Interleaved rounds, because a shared disk's fsync latency drifts a lot over seconds; compare medians.
            double[] raw = new double[rounds];
            double[] single = new double[rounds];
            double[] sixteen = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                raw[round] = rawFsyncRate(workspace.resolve("raw-" + round), seconds);
                single[round] = journalRate(workspace.resolve("journal-1-" + round), 1, seconds);
                sixteen[round] = journalRate(workspace.resolve("journal-16-" + round), 16, seconds);
            }
            System.out.printf("MEDIAN raw write+fdatasync %,.0f/s; journal batches of 1: %,.0f batches/s; "
                    + "batches of 16: %,.0f batches/s = %,.0f records/s%n", median(raw), median(single),
                    median(sixteen), median(sixteen) * 16);
            openTime(workspace.resolve("open"));
        } finally {
            deleteRecursively(workspace);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The ceiling: append 1 KiB and fdatasync, in a loop, with nothing else. */
    private static double rawFsyncRate(Path file, double seconds) throws IOException {
        ByteBuffer block = ByteBuffer.wrap(new byte[PAYLOAD_BYTES]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long started = System.nanoTime();
            long forces = 0;
            long position = 0;
            while (System.nanoTime() < deadline) {
                block.rewind();
                position += channel.write(block, position);
                channel.force(false);
                forces++;
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            System.out.printf("raw write(1 KiB)+fdatasync: %,.0f forces/s (%.3f ms each)%n", forces / elapsed,
                    elapsed * 1000 / forces);
            return forces / elapsed;
        }
    }

    private static double journalRate(Path directory, int batchSize, double seconds) {
        Random random = new Random(61);
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            byte[] payload = new byte[PAYLOAD_BYTES];
            random.nextBytes(payload);
            batch.add(payload);
        }
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            for (int i = 0; i < 50; i++) {
                journal.append(batch); // warm-up: JIT, first segment pages
            }
            long forcesBefore = journal.dataForceCount();
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long started = System.nanoTime();
            long batches = 0;
            while (System.nanoTime() < deadline) {
                journal.append(batch);
                batches++;
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            System.out.printf("journal append, batches of %2d: %,.0f batches/s = %,.0f records/s = %.1f MiB/s "
                            + "(%.3f ms per batch, %d forces for %d batches)%n", batchSize, batches / elapsed,
                    batches * batchSize / elapsed, batches * batchSize * (PAYLOAD_BYTES + 16.0) / elapsed / (1 << 20),
                    elapsed * 1000 / batches, journal.dataForceCount() - forcesBefore, batches);
            return batches / elapsed;
        }
    }

    /** Opening scans the last segment: time it for a full default-size segment (page cache warm). */
    private static void openTime(Path directory) {
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            batch.add(new byte[PAYLOAD_BYTES]);
        }
        long records;
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            long recordsPerSegment = (JournalOptions.DEFAULT_SEGMENT_SIZE_LIMIT - SegmentHeader.SIZE)
                    / (PAYLOAD_BYTES + RecordFormat.OVERHEAD);
            while (journal.nextSequenceNo() + batch.size() <= recordsPerSegment) {
                journal.append(batch);
            }
            records = journal.nextSequenceNo();
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            long started = System.nanoTime();
            try (Journal journal = Journal.open(directory, JournalOptions.defaults(), records - 1)) {
                System.out.printf("open with a %.1f MiB last segment of %d records: %.0f ms%n",
                        journal.sizeBytes() / (double) (1 << 20), records, (System.nanoTime() - started) / 1e6);
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
