package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate half of when the harness stops warming up (Warmup): three slices within 10 % of the highest, not two. */
class RunnerSteadinessTest {
    @Test
    void fewerSlicesThanNeededAreNotSteady() {
        assertThat(Warmup.rateSteady(List.of())).isFalse();
        assertThat(Warmup.rateSteady(List.of(1_000.0, 1_000.0))).isFalse();
    }

    @Test
    void aRateStillClimbingIsNotSteadyThoughEachStepIsSmall() {
        // Session 10's fresh server on Vellum's front: each step within 10 %, the three together not.
        assertThat(Warmup.rateSteady(List.of(2_300.0, 2_468.0, 2_623.0))).isFalse();
        assertThat(Warmup.rateSteady(List.of(2_468.0, 2_623.0, 2_800.0))).isFalse();
    }

    @Test
    void threeSlicesWithinTheToleranceAreSteady() {
        assertThat(Warmup.rateSteady(List.of(500.0, 3_400.0, 3_500.0, 3_450.0))).isTrue();
        assertThat(Warmup.rateSteady(List.of(3_500.0, 3_160.0, 3_300.0))).isTrue();
    }

    @Test
    void aRateFallingByMoreThanTheToleranceIsNotSteady() {
        assertThat(Warmup.rateSteady(List.of(3_500.0, 3_300.0, 3_100.0))).isFalse();
    }

    @Test
    void nothingCommittedIsNotSteady() {
        assertThat(Warmup.rateSteady(List.of(0.0, 0.0, 0.0))).isFalse();
    }
}
