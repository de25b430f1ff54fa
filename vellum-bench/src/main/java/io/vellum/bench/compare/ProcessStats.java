package io.vellum.bench.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Linux reports about a group of processes (a server, or PostgreSQL's postmaster and its children): CPU time,
 * peak and proportional memory. A process that exits between listing and reading is skipped.
 */
public final class ProcessStats {
    private ProcessStats() {
    }

    /** {@code pid} and every process whose parent is {@code pid} (PostgreSQL's backends and helpers). */
    public static List<Long> withChildren(long pid) {
        List<Long> pids = new ArrayList<>(List.of(pid));
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name -> {
                        long child = Long.parseLong(name);
                        if (child != pid && parentOf(child) == pid) {
                            pids.add(child);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** User + system CPU of the processes, in milliseconds (USER_HZ is 100 on Linux). */
    public static long cpuMillis(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            String[] fields = statFields(pid);
            if (fields != null) {
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
        }
        return ticks * 10;
    }

    /** Sum of VmHWM (peak resident set) over the processes, in bytes; shared memory counts once per process. */
    public static long peakRssBytes(List<Long> pids) {
        long kib = 0;
        for (long pid : pids) {
            kib += field(Path.of("/proc/" + pid + "/status"), "VmHWM:");
        }
        return kib * 1024;
    }

    /** Sum of PSS (resident memory, shared pages divided among their sharers) now, in bytes; does not double-count. */
    public static long pssBytes(List<Long> pids) {
        long kib = 0;
        for (long pid : pids) {
            kib += field(Path.of("/proc/" + pid + "/smaps_rollup"), "Pss:");
        }
        return kib * 1024;
    }

    /** Bytes of all regular files under {@code directory} (0 when it does not exist). */
    public static long directoryBytes(Path directory) {
        for (int attempt = 0; ; attempt++) {
            if (!Files.exists(directory)) {
                return 0;
            }
            try {
                return walk(directory);
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 5) { // a directory vanished while walking five times running: give up
                    throw new IllegalStateException("cannot measure " + directory, e);
                }
            }
        }
    }

    private static long walk(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.mapToLong(file -> {
                try {
                    return Files.isRegularFile(file) ? Files.size(file) : 0;
                } catch (IOException vanished) { // compaction or WAL recycling removed it meanwhile
                    return 0;
                }
            }).sum();
        }
    }

    private static long parentOf(long pid) {
        String[] fields = statFields(pid);
        return fields == null ? -1 : Long.parseLong(fields[1]);
    }

    /** Fields of /proc/PID/stat after the command name, so index 0 is the state; null when the process is gone. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static long field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException gone) {
            return 0;
        }
        return 0;
    }
}
