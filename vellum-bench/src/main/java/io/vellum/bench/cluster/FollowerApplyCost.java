package io.vellum.bench.cluster;

import io.vellum.bench.TransferWorkload;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.internal.commit.LedgerReplica;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A follower's cost per block without Kafka: the CPU a cluster follower spends in {@link LedgerReplica#apply} (decode
 * and verify every block, append to the local journal with one force per call, apply to the state store, publish)
 * for the wallet transfer's blocks, applied in batches the size of a Kafka transaction's.
 *
 * <p>One writer ledger commits {@code blocks} transfers (one block each, after 1,000 accounts); then, per repetition,
 * a new follower ledger seeded with the writer's block 0 applies all of them. Prints wall time and this thread's CPU
 * per block per repetition; the first repetitions include the JIT compiling the path.
 *
 * <p>Run from the repository root: {@code java -cp vellum-bench/target/vellum-bench.jar
 * io.vellum.bench.cluster.FollowerApplyCost [blocks=3000] [batch=7] [repetitions=8]}.
 */
public final class FollowerApplyCost {
    private static final BigDecimal ONE = new BigDecimal("1.00");

    private FollowerApplyCost() {
    }

    public static void main(String[] args) throws Exception {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        LedgerOptions options = LedgerOptions.defaults();
        Path directory = Files.createTempDirectory("vellum-follower-apply");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Ledger writer = Ledger.open(directory.resolve("writer"), options)) {
            TransferWorkload.createAccounts(work -> writer.execute(txn -> {
                work.accept((statement, parameters) -> txn.execute(statement, parameters));
                return true;
            }), 1000);
            Random random = new Random(1);
            long first = writer.replica().tipSequenceNo() + 1;
            for (int i = 0; i < blocks; i++) {
                int from = random.nextInt(1000);
                int to = (from + 1 + random.nextInt(999)) % 1000;
                writer.execute(txn -> TransferWorkload.transfer((statement, parameters) -> txn.execute(statement,
                        parameters), "acct-" + from, "acct-" + to, ONE));
            }
            long tip = writer.replica().tipSequenceNo();
            List<byte[]> payloads = new ArrayList<>();
            for (long sequenceNo = 1; sequenceNo <= tip; sequenceNo++) {
                payloads.add(writer.replica().blockPayload(sequenceNo));
            }
            System.out.printf("follower-apply: %d blocks (%d transfers from block %d), batches of %d, load average "
                    + "%.1f%n", payloads.size(), tip - first + 1, first, batch, Phase.loadAverage());
            for (int repetition = 1; repetition <= repetitions; repetition++) {
                Path followerDirectory = directory.resolve("follower-" + repetition);
                LedgerReplica.seedGenesis(followerDirectory, writer.replica().blockPayload(0), options);
                try (Ledger follower = Ledger.open(followerDirectory, options)) {
                    follower.replica().becomeFollower("benchmark follower");
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    for (int from = 0; from < payloads.size(); from += batch) {
                        follower.replica().apply(payloads.subList(from, Math.min(from + batch, payloads.size())));
                    }
                    long wall = System.nanoTime() - start;
                    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
                    if (!follower.digest().equals(writer.digest())) {
                        throw new IllegalStateException("the follower's digest differs from the writer's");
                    }
                    System.out.printf("follower-apply: repetition %d: %.1f µs wall, %.1f µs CPU (applying thread) "
                                    + "per block (load average %.1f)%n", repetition, wall / 1e3 / payloads.size(),
                            cpu / 1e3 / payloads.size(), Phase.loadAverage());
                }
                deleteRecursively(followerDirectory);
            }
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
