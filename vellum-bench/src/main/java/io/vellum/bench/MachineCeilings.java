package io.vellum.bench;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * This machine's ceilings for what a ledger commit needs: SHA-256 throughput of the JDK and the rate of
 * write+fdatasync on the data disk. Usage: {@code MachineCeilings [dir]}.
 */
public final class MachineCeilings {
    private MachineCeilings() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("vellum-ceilings");
        System.out.printf("sha256: %.0f MB/s (1 KiB messages), %.0f hashes/s (64-byte messages, as dot does)%n",
                sha256Throughput(1024) * 1024 / 1e6, sha256Throughput(64));
        System.out.printf("fsync: %.0f write+force(false)/s of 1 KiB appends in %s%n", fsyncRate(directory),
                directory);
    }

    /** Hashes per second of messages of {@code size} bytes, over about 2 s. */
    public static double sha256Throughput(int size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] message = new byte[size];
        long count = 0;
        long start = System.nanoTime();
        long end = start + 2_000_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                message[0] = (byte) i;
                digest.update(message);
                message[1] = digest.digest()[0];
            }
            count += 1000;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** Appends of 1 KiB each followed by a force, per second, over about 3 s. */
    public static double fsyncRate(Path directory) throws Exception {
        Path file = directory.resolve("fsync-probe.bin");
        long count = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            long start = System.nanoTime();
            long end = start + 3_000_000_000L;
            while (System.nanoTime() < end) {
                buffer.clear();
                channel.write(buffer);
                channel.force(false);
                count++;
            }
            double rate = count / ((System.nanoTime() - start) / 1e9);
            Files.deleteIfExists(file);
            return rate;
        }
    }
}
