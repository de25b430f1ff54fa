package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When the harness stops warming up: three slices within 10 % of the highest, not two. */
class RunnerSteadinessTest {
    @Test
    void fewerSlicesThanNeededAreNotSteady() {
        assertThat(Runner.isSteady(List.of())).isFalse();
        assertThat(Runner.isSteady(List.of(1_000.0, 1_000.0))).isFalse();
    }

    @Test
    void aRateStillClimbingIsNotSteadyThoughEachStepIsSmall() {
        // Session 10's fresh server on Vellum's front: each step within 10 %, the three together not.
        assertThat(Runner.isSteady(List.of(2_300.0, 2_468.0, 2_623.0))).isFalse();
        assertThat(Runner.isSteady(List.of(2_468.0, 2_623.0, 2_800.0))).isFalse();
    }

    @Test
    void threeSlicesWithinTheToleranceAreSteady() {
        assertThat(Runner.isSteady(List.of(500.0, 3_400.0, 3_500.0, 3_450.0))).isTrue();
        assertThat(Runner.isSteady(List.of(3_500.0, 3_160.0, 3_300.0))).isTrue();
    }

    @Test
    void aRateFallingByMoreThanTheToleranceIsNotSteady() {
        assertThat(Runner.isSteady(List.of(3_500.0, 3_300.0, 3_100.0))).isFalse();
    }

    @Test
    void nothingCommittedIsNotSteady() {
        assertThat(Runner.isSteady(List.of(0.0, 0.0, 0.0))).isFalse();
    }
}
