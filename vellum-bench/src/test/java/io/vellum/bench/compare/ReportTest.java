package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static Measurement measured(int round, String contender, long committed) {
        return measured(round, contender, committed, 10);
    }

    private static Measurement measured(int round, String contender, long committed, double serverCpuMicros) {
        return new Measurement(round, contender, Setting.UNIFORM, committed, 1.0, 0, 1, 2, 3, 100, 1 << 20, 1 << 20,
                serverCpuMicros, 5, "1.00 1.00 1.00", 4, true, 0.005, List.of((double) committed));
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

    @Test
    void issue16StatesEachRatioPerRoundAgainstItsOwnBaseline() {
        // the driver against pg-audit, the batched client against pg-plain, each within its round
        List<Measurement> rows = List.of(measured(1, "pg-plain", 4_000), measured(1, "pg-audit", 500),
                measured(1, "vellum-driver", 1_000, 1_138), measured(1, "vellum-client-batched", 3_800),
                measured(2, "pg-plain", 3_000), measured(2, "pg-audit", 400),
                measured(2, "vellum-driver", 720, 1_200), measured(2, "vellum-client-batched", 3_270));
        CompareOptions options = CompareOptions.parse(new String[] {"--contenders",
                "pg-plain,pg-audit,vellum-driver,vellum-client-batched", "--settings", "uniform", "--rounds", "2"});
        String markdown = Report.issue16(options, rows);
        assertThat(markdown).contains("| what | target | round 1 | round 2 | median | met |")
                .contains("| vellum-client-batched ÷ pg-plain (tx/s) | ≥ 1× | 0.95× | 1.09× | 1.02× | yes |")
                .contains("| vellum-driver ÷ pg-audit (tx/s) | ≥ 2× | 2.00× | 1.80× | 1.90× | **no** |")
                .contains("| vellum-driver server CPU µs/tx | ≤ 450 | 1,138 | 1,200 | 1,169 | **no** |")
                .doesNotContain("vellum-client ÷").doesNotContain("jetty");
        assertThat(Report.markdown(options, rows)).contains(markdown);
    }

    @Test
    void issue6TargetsAreLeftOutWithoutPgAudit() {
        List<Measurement> rows = List.of(measured(1, "pg-plain", 4_000), measured(1, "vellum-client", 2_000));
        CompareOptions options = CompareOptions.parse(new String[] {"--contenders", "pg-plain,vellum-client",
                "--settings", "uniform", "--rounds", "1"});
        assertThat(Report.markdown(options, rows)).doesNotContain("relative to pg-audit")
                .contains("| vellum-client ÷ pg-plain (tx/s) | ≥ 1× | 0.50× | 0.50× | **no** |");
    }

    @Test
    void issue16LeavesARoundWithoutTheBaselineEmpty() {
        List<Measurement> rows = List.of(measured(1, "pg-plain", 4_000), measured(1, "vellum-client", 2_000),
                measured(2, "vellum-client", 2_200));
        CompareOptions options = CompareOptions.parse(new String[] {"--contenders", "pg-plain,vellum-client",
                "--settings", "uniform", "--rounds", "2"});
        assertThat(Report.issue16(options, rows))
                .contains("| vellum-client ÷ pg-plain (tx/s) | ≥ 1× | 0.50× | – | 0.50× | **no** |")
                .doesNotContain("vellum-driver");
    }

    @Test
    void roundsAgreeWhenTheHighestIsWithin15PercentOfTheLowest() {
        List<Measurement> rows = List.of(measured(1, "pg-plain", 4_000), measured(2, "pg-plain", 3_500),
                measured(1, "vellum-client-batched", 3_806, 366), measured(2, "vellum-client-batched", 2_679, 589));
        CompareOptions options = CompareOptions.parse(new String[] {"--contenders", "pg-plain,vellum-client-batched",
                "--settings", "uniform", "--rounds", "2"});
        assertThat(Report.spread(rows.subList(0, 2))).isCloseTo(4_000.0 / 3_500, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Report.roundsAgreement(options, rows))
                .contains("| pg-plain | uniform | 4,000 / 3,500 | 1.14× | yes |")
                .contains("| vellum-client-batched | uniform | 3,806 / 2,679 | 1.42× | **no** | 366 / 589 | 1.60× |"
                        + " 4 / 4 | 0.5 / 0.5 | 2,679 – 3,806 (2) |");
    }

    @Test
    void oneRoundHasNoAgreementToState() {
        CompareOptions options = CompareOptions.parse(new String[] {"--contenders", "pg-plain", "--rounds", "1"});
        assertThat(Report.roundsAgreement(options, List.of(measured(1, "pg-plain", 4_000)))).isEmpty();
    }
}
