package io.vellum.engine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** File surgery and payload generation shared by the journal tests. */
final class JournalTestFiles {
    private JournalTestFiles() {
    }

    /** Seed of a randomized test: {@code -Dvellum.seed=…} or the given default; printed for reproduction. */
    static long seed(String test, long defaultSeed) {
        long seed = Long.getLong("vellum.seed", defaultSeed);
        System.out.println(test + ": seed " + seed + " (rerun with -Dvellum.seed=" + seed + ")");
        return seed;
    }

    static byte[] randomPayload(Random random, int maxLength) {
        byte[] payload = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(payload);
        return payload;
    }

    static List<byte[]> randomPayloads(Random random, int count, int maxLength) {
        List<byte[]> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            payloads.add(randomPayload(random, maxLength));
        }
        return payloads;
    }

    /** Segment files in sequence order. */
    static List<Path> segmentFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".seg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path lastSegment(Path directory) {
        List<Path> segments = segmentFiles(directory);
        return segments.get(segments.size() - 1);
    }

    /** Copies the segment files of a (closed) journal into a new directory. */
    static Path copyJournal(Path from, Path to) {
        try {
            Files.createDirectories(to);
            for (Path file : segmentFiles(from)) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void flipByte(Path file, long offset) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void truncate(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void appendBytes(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Regex for a message naming exactly this sequenceNo (so 1 does not match 12). */
    static String namesSequenceNo(long sequenceNo) {
        return "(?s).*sequenceNo " + sequenceNo + "\\b.*";
    }
}
