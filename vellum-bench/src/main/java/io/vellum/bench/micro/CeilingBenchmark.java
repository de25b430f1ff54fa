package io.vellum.bench.micro;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * This machine's ceilings for the hot paths, measured in the same JMH run as the paths themselves so that ratios
 * survive a noisy, shared machine: one JDK SHA-256 of 64 bytes (what {@code dot} hashes), 140 bytes (a wallet
 * account) and 1 KiB, and one append + {@code FileChannel.force(false)} on the data disk (what the journal does once
 * per group commit). {@link io.vellum.bench.MachineCeilings} runs just these.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CeilingBenchmark {

    /** A message of {@code size} bytes and a digest for it. */
    @State(Scope.Thread)
    public static class Message {
        @Param({"64", "140", "1024"})
        public int size;

        MessageDigest digest;
        byte[] bytes;

        @Setup
        public void setUp() throws NoSuchAlgorithmException {
            digest = MessageDigest.getInstance("SHA-256");
            bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) (i * 31 + 7);
            }
        }
    }

    /** SHA-256 of {@code size} bytes with a reused digest (as vellum-proof keeps one per thread). */
    @Benchmark
    public byte[] sha256(Message message) {
        return message.digest.digest(message.bytes);
    }

    /** An append-only file on the data disk; {@code directory} empty means a new directory in java.io.tmpdir. */
    @State(Scope.Thread)
    public static class JournalFile {
        @Param({""})
        public String directory;
        @Param({"1024"})
        public int appendBytes;

        Path dir;
        Path file;
        FileChannel channel;
        ByteBuffer record;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = directory.isEmpty() ? Files.createTempDirectory("vellum-fsync") : Path.of(directory);
            file = Files.createTempFile(dir, "fsync-probe", ".bin");
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            record = ByteBuffer.allocateDirect(appendBytes);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            Files.deleteIfExists(file);
            if (directory.isEmpty()) {
                Files.deleteIfExists(dir);
            }
        }
    }

    /** Appends {@code appendBytes} and forces the data (not the metadata) to disk, as a journal commit does. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long appendAndForce(JournalFile journal) throws IOException {
        journal.record.clear();
        journal.channel.write(journal.record);
        journal.channel.force(false);
        return journal.channel.position();
    }
}
