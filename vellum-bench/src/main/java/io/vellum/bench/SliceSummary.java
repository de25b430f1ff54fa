package io.vellum.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The median and range of one metric over the slices of an interleaved comparison (the tables printed by
 * {@link ServerModesComparison}, {@link HttpFloorComparison} and {@code WalletBuildsComparison}). Stateless.
 */
public final class SliceSummary {
    private SliceSummary() {
    }

    /** The median of {@code metric} over {@code slices} (the mean of the two middle ones for an even count). */
    public static <T> double median(List<T> slices, ToDoubleFunction<T> metric) {
        double[] values = sorted(slices, metric);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** "median (lowest – highest)" in whole numbers. */
    public static <T> String summary(List<T> slices, ToDoubleFunction<T> metric) {
        return summary(slices, metric, "%.0f");
    }

    /** As {@link #summary}, with tenths when the highest value is under 1,000 (microseconds per request). */
    public static <T> String summaryWithTenths(List<T> slices, ToDoubleFunction<T> metric) {
        double[] values = sorted(slices, metric);
        return summary(slices, metric, values[values.length - 1] < 1000 ? "%.1f" : "%.0f");
    }

    private static <T> String summary(List<T> slices, ToDoubleFunction<T> metric, String number) {
        double[] values = sorted(slices, metric);
        return String.format(number + " (" + number + " – " + number + ")", median(slices, metric), values[0],
                values[values.length - 1]);
    }

    private static <T> double[] sorted(List<T> slices, ToDoubleFunction<T> metric) {
        return slices.stream().mapToDouble(metric).sorted().toArray();
    }
}
