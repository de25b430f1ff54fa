package io.vellum.bench.compare;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One contender's measurement in one contention setting and round: the sum of its measured slices in that round
 * ({@link #of}; {@link Schedule}).
 *
 * @param seconds              the slices' wall time, summed
 * @param retries              transaction attempts beyond one per committed transfer
 * @param bytesPerTransfer     growth of the store during the slices ÷ committed transfers
 * @param peakRssBytes         VmHWM summed over the server-side processes at the round's last slice's end
 * @param pssBytes             PSS summed over the same processes at the round's last slice's end (shared pages
 *                             counted once)
 * @param serverCpuMicros      CPU of the server-side processes during the slices per committed transfer
 * @param clientCpuMicros      CPU of the runner's JVM (the client threads) per committed transfer; 0 when the
 *                             clients run inside the server-side process (embedded)
 * @param loadAverage          /proc/loadavg's first three fields at the round's last slice's end
 * @param warmupSlices         warm-up slices run after the fixed warm-up before this interval ({@link Warmup})
 * @param steady               whether the warm-up ended steady (rate and compilers); false: measured after
 *                             {@link Warmup#MAXIMUM_SLICES} slices anyway
 * @param compilerShare        share of the contender's JVMs' CPU (server side, and the runner when the clients run
 *                             in it) that their JIT compiler threads took during the slices
 * @param sliceRates           the tx/s of each slice of the round, in the order they ran
 */
record Measurement(int round, String contender, Setting setting, long committed, double seconds, long retries,
                   double p50Millis, double p99Millis, double p999Millis, double bytesPerTransfer, long peakRssBytes,
                   long pssBytes, double serverCpuMicros, double clientCpuMicros, String loadAverage,
                   int warmupSlices, boolean steady, double compilerShare, List<Double> sliceRates) {
    Measurement {
        sliceRates = List.copyOf(sliceRates);
    }

    /**
     * The sum of one round's slices of a contender: counts, seconds, bytes and CPU added up, latency percentiles of
     * the slices' histograms merged, memory and load at the last slice.
     *
     * @param slices       in the order they ran; at least one
     * @param warmupSlices warm-up slices the contender needed after the fixed warm-up ({@link Warmup})
     * @param steady       whether that warm-up ended steady
     */
    static Measurement of(int round, String contender, Setting setting, List<MeasuredSlice> slices,
                          int warmupSlices, boolean steady) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a measurement needs a slice");
        }
        long committed = 0;
        long retries = 0;
        long bytes = 0;
        long serverCpu = 0;
        long clientCpu = 0;
        long compiler = 0;
        long jvm = 0;
        double seconds = 0;
        Histogram latency = new Histogram(3);
        for (MeasuredSlice slice : slices) {
            committed += slice.committed();
            retries += slice.retries();
            bytes += slice.storeBytes();
            serverCpu += slice.serverCpuMillis();
            clientCpu += slice.clientCpuMillis();
            compiler += slice.compilerMillis();
            jvm += slice.jvmMillis();
            seconds += slice.seconds();
            latency.add(slice.latencyMicros());
        }
        MeasuredSlice last = slices.get(slices.size() - 1);
        double perTransfer = Math.max(1, committed);
        return new Measurement(round, contender, setting, committed, seconds, retries,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                latency.getValueAtPercentile(99.9) / 1000.0, bytes / perTransfer, last.peakRssBytes(),
                last.pssBytes(), serverCpu * 1000.0 / perTransfer, clientCpu * 1000.0 / perTransfer,
                last.loadAverage(), warmupSlices, steady, new Warmup.Slice(0, compiler, jvm).compilerShare(),
                slices.stream().map(MeasuredSlice::perSecond).toList());
    }

    double perSecond() {
        return committed / seconds;
    }

    String line() {
        return String.format(java.util.Locale.ROOT, "round %d %-16s %-7s %8.0f tx/s  p50 %7.2f ms  p99 %7.2f ms"
                        + "  p99.9 %7.2f ms  retries %6d  %6.0f B/tx  peak RSS %5.0f MiB  PSS %5.0f MiB"
                        + "  CPU server %5.0f us/tx client %5.0f us/tx  compiler %4.1f %%  warm-up +%d slices%s  %d slices  load %s",
                round, contender, setting.label(), perSecond(), p50Millis, p99Millis, p999Millis, retries,
                bytesPerTransfer, peakRssBytes / 1048576.0, pssBytes / 1048576.0, serverCpuMicros, clientCpuMicros,
                100 * compilerShare, warmupSlices, steady ? "" : " (NOT steady)", sliceRates.size(), loadAverage);
    }
}
