package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static Measurement measured(int round, String contender, long committed) {
        return new Measurement(round, contender, Setting.UNIFORM, committed, 1.0, 0, 1, 2, 3, 100, 1 << 20, 1 << 20,
                10, 5, "1.00 1.00 1.00");
    }

    @Test
    void ratiosAreTakenWithinEachRoundThenMedianed() {
        // pg-audit varies across rounds; the contender is always exactly 4x the baseline of its own round
        List<Measurement> rows = List.of(measured(1, "pg-audit", 100), measured(1, "vellum-client", 400),
                measured(2, "pg-audit", 300), measured(2, "vellum-client", 1200),
                measured(3, "pg-audit", 50), measured(3, "vellum-client", 200));
        assertThat(Report.ratio(rows, "vellum-client", Setting.UNIFORM)).isEqualTo(4.0);
        assertThat(Report.ratio(rows, "vellum-driver", Setting.UNIFORM)).isNull();
    }

    @Test
    void markdownShowsMediansAndTargets() {
        List<Measurement> rows = List.of(measured(1, "pg-audit", 100), measured(1, "vellum-client", 250));
        CompareOptions options = CompareOptions.parse(new String[] {"--contenders", "pg-audit,vellum-client",
                "--settings", "uniform", "--rounds", "1"});
        String markdown = Report.markdown(options, rows);
        assertThat(markdown).contains("| vellum-client | 250 | 250 | 2.50× |")
                .contains("| vellum-client | ≥ 3× | 2.50× | **no** |");
    }
}
