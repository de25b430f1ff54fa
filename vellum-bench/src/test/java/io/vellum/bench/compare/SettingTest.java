package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SettingTest {
    @Test
    void hotTouchesAccountZeroInOneTransferOfTenAndUniformSpreadsEvenly() {
        Random random = new Random(6);
        int hot = 0;
        int[] uniformCounts = new int[10];
        for (int i = 0; i < 100_000; i++) {
            Setting.Pair pair = Setting.HOT.pick(random, 10_000);
            assertThat(pair.from()).isNotEqualTo(pair.to());
            if (pair.from() == 0 || pair.to() == 0) {
                hot++;
            }
            Setting.Pair uniform = Setting.UNIFORM.pick(random, 10);
            assertThat(uniform.from()).isNotEqualTo(uniform.to()).isBetween(0, 9);
            uniformCounts[uniform.from()]++;
            uniformCounts[uniform.to()]++;
        }
        assertThat(hot).isBetween(9_700, 10_300); // 10 % ± 3 standard deviations
        for (int count : uniformCounts) {
            assertThat(count).isBetween(19_000, 21_000);
        }
    }
}
