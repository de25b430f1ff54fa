package io.vellum.bench.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of this JVM's threads between two snapshots, grouped by what the threads do (their names): the
 * benchmark runs brokers, nodes and clients in one process, so the names are how its CPU is told apart. Threads that
 * ended between the snapshots are not counted; the JVM's own GC and compiler threads show up only in the process
 * total ({@code unattributed}).
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Group name → thread name prefixes, checked in this order; the first match wins. */
    private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("load threads (driver / vellum-client)", List.of("bench-load"));
        GROUPS.put("AWS SDK / HTTP client I/O", List.of("sdk-", "aws-", "idle-connection", "HttpClient", "Thread-"));
        GROUPS.put("server request threads (HTTP, PartiQL, OCC, signing)", List.of("vellum-http"));
        GROUPS.put("committer (seal, journal force, apply)", List.of("vellum-committer"));
        GROUPS.put("writer's Kafka transaction thread", List.of("vellum-kafka-commit"));
        GROUPS.put("followers (fetch, verify, journal, apply)", List.of("vellum-replicate"));
        GROUPS.put("Kafka producer I/O (writer)", List.of("kafka-producer-network-thread"));
        GROUPS.put("election, catalog, reconciler", List.of("vellum-writer-election", "vellum-catalog",
                "vellum-cluster-reconciler", "kafka-coordinator-heartbeat", "consumer_background"));
        GROUPS.put("Kafka brokers: request handlers", List.of("data-plane-kafka-request-handler"));
        GROUPS.put("Kafka brokers: network", List.of("data-plane-kafka-network-thread", "data-plane-kafka-socket",
                "kafka-network"));
        GROUPS.put("Kafka brokers: replica fetchers", List.of("ReplicaFetcherThread"));
        GROUPS.put("Kafka brokers: transaction markers", List.of("TxnMarkerSenderThread"));
        GROUPS.put("Kafka brokers: KRaft, controller, other", List.of("kafka-", "raft", "controller", "broker-",
                "quorum", "ExpirationReaper", "group-coordinator", "transaction-", "LogDirFailureHandler",
                "executor-", "share-", "metrics-", "log-cleaner", "scheduler", "node-"));
    }

    private final Map<Long, Long> cpuByThread;
    private final Map<Long, String> names;
    private final long processCpu;
    private final long wallNanos;
    /** CPU of the JVM's own threads (not visible to ThreadMXBean), from /proc: [GC, JIT compilers]. */
    private final long[] jvmCpu;

    private ThreadCpu(Map<Long, Long> cpuByThread, Map<Long, String> names, long processCpu, long wallNanos,
                      long[] jvmCpu) {
        this.cpuByThread = cpuByThread;
        this.names = names;
        this.processCpu = processCpu;
        this.wallNanos = wallNanos;
        this.jvmCpu = jvmCpu;
    }

    /** User + system CPU (ns) of this process's GC and JIT compiler threads, read from /proc/self/task (Linux). */
    private static long[] jvmThreadsCpu() {
        long[] cpu = new long[2];
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return cpu;
        }
        for (java.io.File task : tasks) {
            try {
                String comm = java.nio.file.Files.readString(task.toPath().resolve("comm")).trim();
                int kind = comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread") ? 0
                        : comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? 1 : -1;
                if (kind < 0) {
                    continue;
                }
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu[kind] += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return cpu;
    }

    static ThreadCpu snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long time = THREADS.getThreadCpuTime(info.getThreadId());
            if (time >= 0) {
                cpu.put(info.getThreadId(), time);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new ThreadCpu(cpu, names, process, System.nanoTime(), jvmThreadsCpu());
    }

    /** The JIT compilers' share of the process's CPU since {@code before} (0 when nothing ran). */
    double jitShare(ThreadCpu before) {
        long total = processCpu - before.processCpu;
        return total <= 0 ? 0 : (double) (jvmCpu[1] - before.jvmCpu[1]) / total;
    }

    /**
     * CPU per group since {@code before}, as a share of the process's CPU and in microseconds per {@code work}
     * (transfers), plus the process total and the unattributed rest; one line per group, largest first.
     */
    String report(ThreadCpu before, long work) {
        Map<String, Long> byGroup = new LinkedHashMap<>();
        Map<String, Long> otherThreads = new HashMap<>();
        long attributed = 0;
        for (Map.Entry<Long, Long> entry : cpuByThread.entrySet()) {
            long spent = entry.getValue() - before.cpuByThread.getOrDefault(entry.getKey(), 0L);
            if (spent <= 0) {
                continue;
            }
            attributed += spent;
            String name = names.get(entry.getKey());
            String group = groupOf(name);
            byGroup.merge(group, spent, Long::sum);
            if (group.equals("other")) {
                otherThreads.merge(name.replaceAll("[0-9]+", "N"), spent, Long::sum);
            }
        }
        long total = processCpu - before.processCpu;
        long gc = jvmCpu[0] - before.jvmCpu[0];
        long jit = jvmCpu[1] - before.jvmCpu[1];
        byGroup.put("JVM: garbage collection", gc);
        byGroup.put("JVM: JIT compilers", jit);
        byGroup.put("unattributed (threads that ended, other JVM threads)", Math.max(0, total - attributed - gc - jit));
        double seconds = (wallNanos - before.wallNanos) / 1e9;
        StringBuilder out = new StringBuilder(String.format("    process CPU %.1f s in %.1f s wall (%.2f cores), "
                + "%.0f us per transfer%n", total / 1e9, seconds, total / 1e9 / seconds, total / 1e3 / Math.max(1, work)));
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> out.append(String.format("    %5.1f %%  %6.0f us/transfer  %s%n",
                        100.0 * entry.getValue() / Math.max(1, total), entry.getValue() / 1e3 / Math.max(1, work),
                        entry.getKey())));
        otherThreads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(entry -> out.append(String.format("           other: %5.1f %%  %s%n",
                        100.0 * entry.getValue() / Math.max(1, total), entry.getKey())));
        return out.toString();
    }

    private static String groupOf(String name) {
        for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
            for (String prefix : group.getValue()) {
                if (name.startsWith(prefix)) {
                    return group.getKey();
                }
            }
        }
        return "other";
    }
}
