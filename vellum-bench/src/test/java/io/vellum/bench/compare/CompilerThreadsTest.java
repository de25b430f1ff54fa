package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the JIT compiler threads' CPU from /proc. */
class CompilerThreadsTest {
    /** A /proc/PID/task/TID/stat line of thread {@code name} with {@code utime} and {@code stime} ticks. */
    private static String stat(String name, long utime, long stime) {
        return "4242 (" + name + ") S 1 4240 4240 0 -1 4194368 1205 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 31 0 7204511 5176389632 61234 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 -1 1"
                + " 0 0 0 0 0";
    }

    @Test
    void compilerThreadsCountTheirUserAndSystemTicks() {
        assertThat(CompilerThreads.compilerTicks(stat("C2 CompilerThre", 1234, 56))).isEqualTo(1290);
        assertThat(CompilerThreads.compilerTicks(stat("C1 CompilerThre", 7, 3))).isEqualTo(10);
    }

    @Test
    void otherThreadsAreNotCompilerThreads() {
        assertThat(CompilerThreads.compilerTicks(stat("java", 500, 20))).isEqualTo(-1);
        assertThat(CompilerThreads.compilerTicks(stat("G1 Conc#0", 500, 20))).isEqualTo(-1);
        // a name holding ") " must not shift the fields
        assertThat(CompilerThreads.compilerTicks(stat("a) S 1 (b", 500, 20))).isEqualTo(-1);
    }

    @Test
    void aLineWithoutANameIsRefused() {
        assertThatThrownBy(() -> CompilerThreads.compilerTicks("4242 S 1 4240"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a /proc stat line");
    }

    @Test
    void theCpuSinceASnapshotCountsNewThreadsWhollyAndEndedThreadsNot() {
        CompilerThreads.Snapshot before = new CompilerThreads.Snapshot(Map.of("1/10", 100L, "1/11", 50L));
        // thread 10 ran 30 more ticks, 11 ended, 12 started and ran 5
        CompilerThreads.Snapshot after = new CompilerThreads.Snapshot(Map.of("1/10", 130L, "1/12", 5L));
        assertThat(after.millisSince(before)).isEqualTo(350);
    }

    @Test
    void thisJvmHasCompilerThreadsAndNoOtherProcessIsRead() {
        long self = ProcessHandle.current().pid();
        CompilerThreads.Snapshot snapshot = CompilerThreads.of(List.of(self));
        assertThat(snapshot.threads()).isNotEmpty().allSatisfy((thread, ticks) -> {
            assertThat(thread).startsWith(self + "/");
            assertThat(ticks).isNotNegative();
        });
        assertThat(CompilerThreads.of(List.of()).threads()).isEmpty();
    }
}
