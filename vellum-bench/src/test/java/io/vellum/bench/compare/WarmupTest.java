package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When the warm-up ends: the rate steady over three slices AND the compilers quiet in the last one. */
class WarmupTest {
    private static Warmup.Slice slice(double rate, long compilerMillis, long jvmMillis) {
        return new Warmup.Slice(rate, compilerMillis, jvmMillis);
    }

    @Test
    void aSteadyRateWhileTheCompilersStillWorkIsAPlateauNotTheEnd() {
        // The shape of session 10's round 2: three slices within 10 %, the server still compiling
        List<Warmup.Slice> plateau = List.of(slice(2_405, 1_800, 9_000), slice(2_232, 1_500, 9_100),
                slice(2_417, 1_200, 9_200));
        assertThat(Warmup.rateSteady(plateau.stream().map(Warmup.Slice::rate).toList())).isTrue();
        assertThat(Warmup.done(plateau)).isFalse();
    }

    @Test
    void aSteadyRateWithQuietCompilersEndsTheWarmUp() {
        assertThat(Warmup.done(List.of(slice(2_400, 1_800, 9_000), slice(3_700, 400, 9_500),
                slice(3_800, 150, 9_600), slice(3_750, 90, 9_600)))).isTrue();
    }

    @Test
    void quietCompilersDoNotEndAWarmUpWhoseRateStillClimbs() {
        assertThat(Warmup.done(List.of(slice(2_300, 0, 9_000), slice(2_468, 0, 9_000), slice(2_623, 0, 9_000))))
                .isFalse();
    }

    @Test
    void theCompilerShareIsTheCompilersPartOfTheJvmsCpu() {
        assertThat(slice(1_000, 150, 10_000).compilerShare()).isEqualTo(0.015);
        assertThat(Warmup.compilerQuiet(slice(1_000, 200, 10_000))).isTrue(); // exactly the limit
        assertThat(Warmup.compilerQuiet(slice(1_000, 210, 10_000))).isFalse();
    }

    @Test
    void aContenderWithoutJvmsHasQuietCompilers() {
        // PostgreSQL with its clients elsewhere: no JVM, nothing to compile
        assertThat(slice(4_000, 0, 0).compilerShare()).isZero();
        assertThat(Warmup.done(List.of(slice(4_000, 0, 0), slice(4_100, 0, 0), slice(3_950, 0, 0)))).isTrue();
    }

    @Test
    void fewerSlicesThanNeededAreNotDone() {
        assertThat(Warmup.done(List.of(slice(4_000, 0, 9_000), slice(4_000, 0, 9_000)))).isFalse();
    }
}
