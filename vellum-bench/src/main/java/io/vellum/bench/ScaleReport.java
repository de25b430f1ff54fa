package io.vellum.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Prints a {@link ScaleSeries} as a Markdown table: one column per size, then the ratio of the last size to the
 * first and the issue-6 target where there is one ("flat" = within 2× from the first size to the last).
 */
final class ScaleReport {
    private ScaleReport() {
    }

    static void print(List<ScaleSeries.Step> steps, PrintStream out) {
        out.println();
        StringBuilder header = new StringBuilder("| metric |");
        StringBuilder rule = new StringBuilder("|---|");
        for (ScaleSeries.Step step : steps) {
            header.append(String.format(" %,d revisions |", step.point().revisions()));
            rule.append("---|");
        }
        out.println(header.append(" ratio | target |"));
        out.println(rule.append("---|---|"));
        row(out, steps, "blocks", "%,.0f", "", step -> step.point().blocks());
        row(out, steps, "fill rate to this size (revisions/s)", "%,.0f", "",
                step -> step.fill().revisionsPerSecond());
        row(out, steps, "transactions expired during the fill", "%.0f", "", step -> step.fill().expired());
        row(out, steps, "proof generation p50 (µs)", "%.0f", "flat", step -> percentile(step, 50, Kind.PROOF));
        row(out, steps, "proof generation p99 (µs)", "%.0f", "flat", step -> percentile(step, 99, Kind.PROOF));
        row(out, steps, "proof generation CPU time p50 (µs)", "%.0f", "",
                step -> percentile(step, 50, Kind.PROOF_CPU));
        row(out, steps, "proof generation CPU time p99 (µs)", "%.0f", "",
                step -> percentile(step, 99, Kind.PROOF_CPU));
        row(out, steps, "proof verification p50 (µs)", "%.1f", "", step -> percentile(step, 50, Kind.VERIFY));
        row(out, steps, "proof verification p99 (µs)", "%.1f", "", step -> percentile(step, 99, Kind.VERIFY));
        row(out, steps, "history by id p50 (µs)", "%.0f", "", step -> percentile(step, 50, Kind.HISTORY));
        row(out, steps, "history by id p99 (µs)", "%.0f", "", step -> percentile(step, 99, Kind.HISTORY));
        row(out, steps, "history by id CPU time p50 (µs)", "%.0f", "",
                step -> percentile(step, 50, Kind.HISTORY_CPU));
        row(out, steps, "history by id CPU time p99 (µs)", "%.0f", "",
                step -> percentile(step, 99, Kind.HISTORY_CPU));
        row(out, steps, "revisions per history result (mean)", "%.2f", "",
                step -> step.point().historyRevisionsMean());
        row(out, steps, "reopen after clean close, median of 3 (ms)", "%.0f", "flat",
                step -> median(step.cleanReopenMillis()));
        row(out, steps, "reopen after SIGKILL during a fill (ms)", "%.0f", "flat", ScaleSeries.Step::crashReopenMillis);
        row(out, steps, "journal bytes per revision", "%.0f", "",
                step -> step.point().journalBytes() / (double) step.point().revisions());
        row(out, steps, "state-store bytes per revision", "%.0f", "",
                step -> step.point().stateStoreBytes() / (double) step.point().revisions());
        row(out, steps, "journal (MB)", "%,.0f", "", step -> step.point().journalBytes() / 1e6);
        row(out, steps, "state store (MB)", "%,.0f", "", step -> step.point().stateStoreBytes() / 1e6);
    }

    private enum Kind { PROOF, PROOF_CPU, VERIFY, HISTORY, HISTORY_CPU }

    private static double percentile(ScaleSeries.Step step, double percentile, Kind kind) {
        return switch (kind) {
            case PROOF -> step.point().proofMicros().getValueAtPercentile(percentile);
            case PROOF_CPU -> step.point().proofCpuMicros().getValueAtPercentile(percentile);
            case HISTORY_CPU -> step.point().historyCpuMicros().getValueAtPercentile(percentile);
            case VERIFY -> step.point().verifyNanos().getValueAtPercentile(percentile) / 1e3;
            case HISTORY -> step.point().historyMicros().getValueAtPercentile(percentile);
        };
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void row(PrintStream out, List<ScaleSeries.Step> steps, String name, String format, String target,
                            ToDoubleFunction<ScaleSeries.Step> metric) {
        StringBuilder line = new StringBuilder("| ").append(name).append(" |");
        for (ScaleSeries.Step step : steps) {
            line.append(' ').append(String.format(format, metric.applyAsDouble(step))).append(" |");
        }
        double ratio = metric.applyAsDouble(steps.get(steps.size() - 1)) / metric.applyAsDouble(steps.get(0));
        String verdict = target.isEmpty() ? "" : ratio <= 2 ? "≤ 2× ✔" : "≤ 2× ✘";
        out.println(line.append(String.format(" %.2f× | %s |", ratio, verdict)));
    }
}
