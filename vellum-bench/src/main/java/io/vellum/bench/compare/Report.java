package io.vellum.bench.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The Markdown summary: per setting, the median over rounds of every metric per contender, and the ratio of each
 * contender's throughput to pg-audit's computed within each round (same minutes, same machine state) and then
 * medianed; then issue 6's targets against those ratios.
 */
final class Report {
    static final String BASELINE = "pg-audit";
    /** Issue 6's targets: uniform throughput relative to PostgreSQL with audit. */
    static final Map<String, Double> TARGETS = Map.of("vellum-client", 3.0, "vellum-driver", 2.0,
            "vellum-embedded", 10.0);

    private Report() {
    }

    static String markdown(CompareOptions options, List<Measurement> measurements) {
        StringBuilder text = new StringBuilder();
        for (Setting setting : options.settings()) {
            text.append("\n### ").append(setting.label()).append(setting == Setting.HOT
                    ? " (10 % of transfers touch account 0)" : " (over " + options.accounts() + " accounts)")
                    .append("\n\n| contender | tx/s (median) | tx/s per round | × pg-audit | p50 ms | p99 ms | p99.9 ms"
                            + " | retries (% of attempts) | bytes/tx | peak RSS MiB | PSS MiB | CPU µs/tx server + client |\n"
                            + "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String contender : options.contenders()) {
                List<Measurement> rows = measurements.stream()
                        .filter(m -> m.contender().equals(contender) && m.setting() == setting)
                        .sorted(Comparator.comparingInt(Measurement::round)).toList();
                if (rows.isEmpty()) {
                    continue;
                }
                double retries = median(rows, m -> m.retries());
                double committed = median(rows, m -> m.committed());
                text.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %.2f | %.2f | %.2f | %.0f (%.2f %%) |"
                                + " %,.0f | %,.0f | %,.0f | %,.0f + %,.0f |\n", contender, median(rows, Measurement::perSecond),
                        rows.stream().map(m -> String.format(Locale.ROOT, "%,.0f", m.perSecond()))
                                .collect(Collectors.joining(" / ")),
                        ratioText(ratio(measurements, contender, setting)), median(rows, Measurement::p50Millis),
                        median(rows, Measurement::p99Millis), median(rows, Measurement::p999Millis), retries,
                        100 * retries / Math.max(1, committed + retries), median(rows, Measurement::bytesPerTransfer),
                        median(rows, m -> m.peakRssBytes() / 1048576.0), median(rows, m -> m.pssBytes() / 1048576.0),
                        median(rows, Measurement::serverCpuMicros), median(rows, Measurement::clientCpuMicros)));
            }
        }
        if (options.settings().contains(Setting.UNIFORM)) {
            text.append("\n### Targets (uniform, throughput relative to pg-audit in the same round, median)\n\n"
                    + "| contender | target | measured | met |\n|---|---:|---:|---|\n");
            for (String contender : List.of("vellum-client", "vellum-driver", "vellum-embedded")) {
                Double measured = ratio(measurements, contender, Setting.UNIFORM);
                if (measured != null) {
                    double target = TARGETS.get(contender);
                    text.append(String.format(Locale.ROOT, "| %s | ≥ %.0f× | %s | %s |\n", contender, target,
                            ratioText(measured), measured >= target ? "yes" : "**no**"));
                }
            }
        }
        List<String> loads = measurements.stream().map(Measurement::loadAverage).toList();
        text.append("\nLoad average (1/5/15 min) at the end of the measured intervals: from ")
                .append(loads.isEmpty() ? "?" : loads.get(0)).append(" to ")
                .append(loads.isEmpty() ? "?" : loads.get(loads.size() - 1)).append("; 1-min range ")
                .append(range(loads)).append(".\n");
        return text.toString();
    }

    /** Median over rounds of (contender's tx/s ÷ pg-audit's tx/s in that round); null without a baseline. */
    static Double ratio(List<Measurement> measurements, String contender, Setting setting) {
        List<Double> ratios = new ArrayList<>();
        for (Measurement m : measurements) {
            if (!m.contender().equals(contender) || m.setting() != setting) {
                continue;
            }
            measurements.stream().filter(b -> b.contender().equals(BASELINE) && b.setting() == setting
                    && b.round() == m.round()).findFirst().ifPresent(b -> ratios.add(m.perSecond() / b.perSecond()));
        }
        return ratios.isEmpty() ? null : median(ratios);
    }

    private static String ratioText(Double ratio) {
        return ratio == null ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static String range(List<String> loads) {
        double[] ones = loads.stream().filter(l -> !l.equals("?")).mapToDouble(l -> Double.parseDouble(l.split(" ")[0])).sorted().toArray();
        return ones.length == 0 ? "?" : String.format(Locale.ROOT, "%.2f – %.2f", ones[0], ones[ones.length - 1]);
    }

    static double median(List<Measurement> rows, ToDoubleFunction<Measurement> metric) {
        return median(rows.stream().map(metric::applyAsDouble).toList());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
