package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** How a round's slices add up to one measurement (Measurement.of). */
class MeasurementTest {
    private static MeasuredSlice slice(long committed, double seconds, long latencyMicros, long serverCpuMillis,
                                       long peakRss, String load) {
        Histogram latency = new Histogram(3);
        for (int i = 0; i < committed; i++) {
            latency.recordValue(latencyMicros);
        }
        return new MeasuredSlice(committed, seconds, committed / 10, latency, committed * 100, serverCpuMillis,
                serverCpuMillis / 2, 1, 100, peakRss, peakRss / 2, load);
    }

    @Test
    void countsSecondsBytesAndCpuAddUpOverTheSlices() {
        Measurement m = Measurement.of(2, "pg-plain", Setting.UNIFORM, List.of(slice(1_000, 2.0, 5_000, 400, 10,
                "1.00 1.00 1.00"), slice(3_000, 2.0, 5_000, 1_200, 20, "2.00 1.00 1.00")), 3, true);
        assertThat(m.round()).isEqualTo(2);
        assertThat(m.committed()).isEqualTo(4_000);
        assertThat(m.seconds()).isEqualTo(4.0);
        // the round's rate is the slices' sum over their summed time, not the mean of the slice rates
        assertThat(m.perSecond()).isEqualTo(1_000.0);
        assertThat(m.retries()).isEqualTo(400);
        assertThat(m.bytesPerTransfer()).isEqualTo(100.0);
        assertThat(m.serverCpuMicros()).isEqualTo(400.0);
        assertThat(m.clientCpuMicros()).isEqualTo(200.0);
        assertThat(m.compilerShare()).isEqualTo(0.01);
        assertThat(m.sliceRates()).containsExactly(500.0, 1_500.0);
        assertThat(m.warmupSlices()).isEqualTo(3);
        assertThat(m.steady()).isTrue();
    }

    @Test
    void memoryAndLoadAreTheLastSlices() {
        Measurement m = Measurement.of(1, "vellum-client", Setting.HOT, List.of(slice(10, 1, 100, 1, 30, "9.00 1 1"),
                slice(10, 1, 100, 1, 20, "3.00 1 1")), 0, false);
        assertThat(m.peakRssBytes()).isEqualTo(20);
        assertThat(m.pssBytes()).isEqualTo(10);
        assertThat(m.loadAverage()).isEqualTo("3.00 1 1");
        assertThat(m.steady()).isFalse();
    }

    @Test
    void latencyPercentilesAreOfTheMergedSlices() {
        // 990 fast transfers in one slice, 10 slow ones in the other: the round's p99.9 is the slow one's
        Measurement m = Measurement.of(1, "pg-plain", Setting.UNIFORM, List.of(slice(990, 1, 1_000, 1, 1, "?"),
                slice(10, 1, 200_000, 1, 1, "?")), 0, true);
        assertThat(m.p50Millis()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(m.p99Millis()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(m.p999Millis()).isCloseTo(200.0, org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void aRoundWithoutSlicesIsRefused() {
        assertThatThrownBy(() -> Measurement.of(1, "pg-plain", Setting.UNIFORM, List.of(), 0, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
