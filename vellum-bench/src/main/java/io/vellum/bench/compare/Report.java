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

    /**
     * Issue 16's throughput targets, each a ratio within a round to a baseline: vellum-client (any of its shapes
     * and fronts) ≥ plain PostgreSQL; the official driver ≥ 2× the hash-chained audit variant.
     *
     * @param contender the numerator
     * @param baseline  the denominator, measured in the same round and setting
     * @param target    the lowest ratio that meets the target
     */
    record RatioTarget(String contender, String baseline, double target) {
    }

    static final List<RatioTarget> ISSUE_16_RATIOS = List.of(
            new RatioTarget("vellum-client", "pg-plain", 1.0),
            new RatioTarget("vellum-client-batched", "pg-plain", 1.0),
            new RatioTarget("vellum-client-batched-threads", "pg-plain", 1.0),
            new RatioTarget("vellum-client-batched-jetty", "pg-plain", 1.0),
            new RatioTarget("vellum-client-batched-3", "pg-plain", 1.0),
            new RatioTarget("vellum-driver", "pg-audit", 2.0));
    /** Issue 16: the official driver's server CPU per transfer at most this many µs. */
    static final double DRIVER_SERVER_CPU_TARGET = 450;
    /** Issue 16: a contender's rounds agree when the highest tx/s is at most this factor of the lowest. */
    static final double ROUNDS_AGREE = 1.15;

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
            StringBuilder rows = new StringBuilder();
            for (String contender : List.of("vellum-client", "vellum-driver", "vellum-embedded")) {
                Double measured = ratio(measurements, contender, Setting.UNIFORM);
                if (measured != null) {
                    double target = TARGETS.get(contender);
                    rows.append(String.format(Locale.ROOT, "| %s | ≥ %.0f× | %s | %s |\n", contender, target,
                            ratioText(measured), measured >= target ? "yes" : "**no**"));
                }
            }
            if (!rows.isEmpty()) { // nothing to state without pg-audit or without these contenders
                text.append("\n### Targets (uniform, throughput relative to pg-audit in the same round, median)\n\n"
                        + "| contender | target | measured | met |\n|---|---:|---:|---|\n").append(rows);
            }
        }
        text.append(issue16(options, measurements));
        text.append(roundsAgreement(options, measurements));
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

    /**
     * Issue 16's targets per round (uniform): each {@link #ISSUE_16_RATIOS} ratio whose two contenders ran, the
     * driver's server CPU per transfer; the median over rounds decides "met".
     */
    static String issue16(CompareOptions options, List<Measurement> measurements) {
        if (!options.settings().contains(Setting.UNIFORM)) {
            return "";
        }
        int rounds = options.rounds();
        StringBuilder rows = new StringBuilder();
        for (RatioTarget target : ISSUE_16_RATIOS) {
            List<Double> perRound = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Measurement contender = find(measurements, target.contender(), Setting.UNIFORM, round);
                Measurement baseline = find(measurements, target.baseline(), Setting.UNIFORM, round);
                perRound.add(contender == null || baseline == null ? null
                        : contender.perSecond() / baseline.perSecond());
            }
            appendRow(rows, target.contender() + " ÷ " + target.baseline() + " (tx/s)",
                    String.format(Locale.ROOT, "≥ %.0f×", target.target()), perRound, "%.2f×",
                    median -> median >= target.target());
        }
        List<Double> driverCpu = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Measurement driver = find(measurements, "vellum-driver", Setting.UNIFORM, round);
            driverCpu.add(driver == null ? null : driver.serverCpuMicros());
        }
        appendRow(rows, "vellum-driver server CPU µs/tx", String.format(Locale.ROOT, "≤ %,.0f",
                DRIVER_SERVER_CPU_TARGET), driverCpu, "%,.0f", median -> median <= DRIVER_SERVER_CPU_TARGET);
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder header = new StringBuilder("\n### Issue 16's targets (uniform, per round; met = the median)\n\n"
                + "| what | target |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (int round = 1; round <= rounds; round++) {
            header.append(" round ").append(round).append(" |");
            rule.append("---:|");
        }
        return header.append(" median | met |\n").append(rule).append("---:|---|\n").append(rows).toString();
    }

    private static void appendRow(StringBuilder rows, String what, String target, List<Double> perRound,
                                  String format, java.util.function.DoublePredicate met) {
        List<Double> present = perRound.stream().filter(java.util.Objects::nonNull).toList();
        if (present.isEmpty()) {
            return;
        }
        double median = median(present);
        rows.append("| ").append(what).append(" | ").append(target).append(" |");
        for (Double value : perRound) {
            rows.append(' ').append(value == null ? "–" : String.format(Locale.ROOT, format, value)).append(" |");
        }
        rows.append(' ').append(String.format(Locale.ROOT, format, median)).append(" | ")
                .append(met.test(median) ? "yes" : "**no**").append(" |\n");
    }

    /**
     * Whether each contender's rounds agree (issue 16: within 15 %): per contender and setting, the rounds' tx/s,
     * the highest ÷ the lowest, the server CPU per transfer per round, how the warm-up ended (extra slices; compiler
     * share of the contender's JVMs while measured), and the lowest and highest single slice (how much the machine
     * moved during the run; the rounds, interleaved in time, each average over that).
     */
    static String roundsAgreement(CompareOptions options, List<Measurement> measurements) {
        if (options.rounds() < 2) {
            return "";
        }
        StringBuilder text = new StringBuilder("\n### Do the rounds agree? (highest ÷ lowest tx/s over rounds; issue 16:"
                + " within 15 %; round r = passes r, r + " + options.rounds() + ", ...)\n\n| contender | setting |"
                + " tx/s per round | highest ÷ lowest | within 15 % | server CPU µs/tx per round |"
                + " CPU µs/tx (server + client) highest ÷ lowest | warm-up slices | compiler % while measured |"
                + " single slices: lowest – highest tx/s |\n"
                + "|---|---|---|---:|---|---|---:|---|---|---|\n");
        for (Setting setting : options.settings()) {
            for (String contender : options.contenders()) {
                List<Measurement> rows = measurements.stream()
                        .filter(m -> m.contender().equals(contender) && m.setting() == setting)
                        .sorted(Comparator.comparingInt(Measurement::round)).toList();
                if (rows.size() < 2) {
                    continue;
                }
                double spread = spread(rows);
                double cpuSpread = spread(rows, m -> m.serverCpuMicros() + m.clientCpuMicros());
                double[] sliceRates = rows.stream().flatMap(m -> m.sliceRates().stream())
                        .mapToDouble(Double::doubleValue).sorted().toArray();
                text.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f× | %s | %s | %.2f× | %s | %s | %s |\n",
                        contender, setting.label(), join(rows, m -> String.format(Locale.ROOT, "%,.0f",
                                m.perSecond())), spread, spread <= ROUNDS_AGREE ? "yes" : "**no**",
                        join(rows, m -> String.format(Locale.ROOT, "%,.0f", m.serverCpuMicros())), cpuSpread,
                        join(rows, m -> m.warmupSlices() + (m.steady() ? "" : " (not steady)")),
                        join(rows, m -> String.format(Locale.ROOT, "%.1f", 100 * m.compilerShare())),
                        sliceRates.length == 0 ? "–" : String.format(Locale.ROOT, "%,.0f – %,.0f (%d)", sliceRates[0],
                                sliceRates[sliceRates.length - 1], sliceRates.length)));
            }
        }
        return text.toString();
    }

    /** The highest tx/s of the rows ÷ the lowest (infinite when one round committed nothing). */
    static double spread(List<Measurement> rows) {
        return spread(rows, Measurement::perSecond);
    }

    /**
     * The highest value of {@code metric} over the rows ÷ the lowest (infinite when the lowest is 0). For the CPU per
     * transfer this is the spread that other load on the machine moves least: a busy machine lowers every
     * contender's rate, not the work each transfer costs.
     */
    static double spread(List<Measurement> rows, ToDoubleFunction<Measurement> metric) {
        double highest = rows.stream().mapToDouble(metric).max().orElseThrow();
        double lowest = rows.stream().mapToDouble(metric).min().orElseThrow();
        return lowest <= 0 ? Double.POSITIVE_INFINITY : highest / lowest;
    }

    private static String join(List<Measurement> rows, java.util.function.Function<Measurement, String> text) {
        return rows.stream().map(text).collect(Collectors.joining(" / "));
    }

    private static Measurement find(List<Measurement> measurements, String contender, Setting setting, int round) {
        return measurements.stream().filter(m -> m.contender().equals(contender) && m.setting() == setting
                && m.round() == round).findFirst().orElse(null);
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
