package io.vellum.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of the JIT compiler threads of a group of processes, read from {@code /proc/PID/task/TID/stat}: how
 * much of a JVM's time went to compiling rather than to the work. A JVM whose compiler threads still take a share
 * of its CPU runs code that is not yet (fully) compiled. Processes that are not JVMs (PostgreSQL) have no such
 * threads and count 0.
 *
 * <p>HotSpot names its compiler threads {@code C1 CompilerThreadN} and {@code C2 CompilerThreadN}; Linux keeps
 * the first 15 characters ({@code C2 CompilerThre}). Compiler threads may come and go (dynamic compiler thread
 * count); a {@link Snapshot} is kept per thread, so a thread started since the last snapshot counts with its whole
 * time and one that ended counts nothing for its last moments (an undercount of a thread that had gone idle).
 */
final class CompilerThreads {
    /** What Linux shows of HotSpot's compiler threads' names. */
    private static final List<String> NAMES = List.of("C1 CompilerThre", "C2 CompilerThre");

    private CompilerThreads() {
    }

    /**
     * CPU ticks (user + system, USER_HZ) of each compiler thread, by "pid/tid".
     *
     * @param threads ticks by thread at one moment
     */
    record Snapshot(Map<String, Long> threads) {
        /** Milliseconds of compiler-thread CPU between {@code earlier} and this snapshot (USER_HZ is 100). */
        long millisSince(Snapshot earlier) {
            long ticks = 0;
            for (Map.Entry<String, Long> thread : threads.entrySet()) {
                ticks += Math.max(0, thread.getValue() - earlier.threads.getOrDefault(thread.getKey(), 0L));
            }
            return ticks * 10;
        }
    }

    /** The compiler threads of {@code pids} now; a process or thread gone meanwhile is skipped. */
    static Snapshot of(List<Long> pids) {
        Map<String, Long> threads = new HashMap<>();
        for (long pid : pids) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        long ticks = compilerTicks(Files.readString(task.resolve("stat")));
                        if (ticks >= 0) {
                            threads.put(pid + "/" + task.getFileName(), ticks);
                        }
                    } catch (IOException gone) {
                        // the thread ended between listing and reading
                    }
                }
            } catch (IOException gone) {
                // the process ended
            }
        }
        return new Snapshot(Map.copyOf(threads));
    }

    /**
     * User + system ticks of the thread whose {@code /proc/.../stat} line this is, or -1 when it is not a compiler
     * thread. The name sits in parentheses and may itself hold spaces and parentheses, so the fields are read after
     * the last ')'.
     */
    static long compilerTicks(String statLine) {
        int open = statLine.indexOf('(');
        int close = statLine.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + statLine);
        }
        String name = statLine.substring(open + 1, close);
        if (NAMES.stream().noneMatch(name::startsWith)) {
            return -1;
        }
        String[] fields = statLine.substring(close + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
