package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The order of the interleaved slices (Schedule): passes, rotation, and rounds interleaved in time. */
class ScheduleTest {
    private static final List<String> THREE = List.of("pg-plain", "vellum-client", "vellum-embedded");

    @Test
    void everyPassMeasuresEveryContenderOnceWithTheOrderRotatedByOne() {
        List<Schedule.Pass> passes = Schedule.passes(THREE, 3, 2);
        assertThat(passes).hasSize(6);
        assertThat(passes.get(0).order()).containsExactly("pg-plain", "vellum-client", "vellum-embedded");
        assertThat(passes.get(1).order()).containsExactly("vellum-client", "vellum-embedded", "pg-plain");
        assertThat(passes.get(2).order()).containsExactly("vellum-embedded", "pg-plain", "vellum-client");
        assertThat(passes.get(3).order()).isEqualTo(passes.get(0).order());
        assertThat(passes).allSatisfy(pass -> assertThat(pass.order()).containsExactlyInAnyOrderElementsOf(THREE));
        assertThat(passes).extracting(Schedule.Pass::number).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void roundsAreInterleavedInTimeSoThatEachSpansTheWholeRun() {
        // round r = passes r, r + 3: a drift from the first passes to the last shifts every round alike
        List<Schedule.Pass> passes = Schedule.passes(THREE, 3, 2);
        assertThat(passes).extracting(Schedule.Pass::round).containsExactly(1, 2, 3, 1, 2, 3);
        Map<Integer, List<Integer>> byRound = passes.stream().collect(Collectors.groupingBy(Schedule.Pass::round,
                Collectors.mapping(Schedule.Pass::number, Collectors.toList())));
        assertThat(byRound).containsEntry(1, List.of(1, 4)).containsEntry(2, List.of(2, 5))
                .containsEntry(3, List.of(3, 6));
    }

    @Test
    void eachContenderGetsTheSameNumberOfSlicesInEveryRound() {
        List<Schedule.Pass> passes = Schedule.passes(THREE, 2, 4);
        for (int round = 1; round <= 2; round++) {
            int r = round;
            for (String contender : THREE) {
                assertThat(passes.stream().filter(p -> p.round() == r && p.order().contains(contender)).count())
                        .isEqualTo(4);
            }
        }
    }

    @Test
    void oneContenderOneRoundOneSliceIsOnePass() {
        assertThat(Schedule.passes(List.of("pg-plain"), 1, 1))
                .containsExactly(new Schedule.Pass(1, 1, List.of("pg-plain")));
    }

    @Test
    void nothingToScheduleIsRefused() {
        assertThatThrownBy(() -> Schedule.passes(List.of(), 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.passes(THREE, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.passes(THREE, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRoundsSecondsAreSplitIntoSlicesOfAboutTheSliceLength() {
        assertThat(Schedule.slicesPerRound(15, 5)).isEqualTo(3);
        assertThat(Schedule.slicesPerRound(10, 5)).isEqualTo(2);
        assertThat(Schedule.slicesPerRound(12, 5)).isEqualTo(2);
        assertThat(Schedule.slicesPerRound(3, 5)).isEqualTo(1);
        assertThatThrownBy(() -> Schedule.slicesPerRound(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSliceLengthIsAnOptionWithTheDefaultFromTheRunner() {
        assertThat(CompareOptions.defaults().sliceSeconds()).isEqualTo(Runner.SLICE_SECONDS);
        assertThat(CompareOptions.parse(new String[] {"--slice", "2.5", "--seconds", "10"}).sliceSeconds())
                .isEqualTo(2.5);
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--slice", "0"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
