package io.vellum.bench.compare;

/**
 * One measured interval of one contender in one contention setting and round.
 *
 * @param retries              transaction attempts beyond one per committed transfer
 * @param bytesPerTransfer     growth of the store during the interval ÷ committed transfers
 * @param peakRssBytes         VmHWM summed over the server-side processes at the interval's end
 * @param pssBytes             PSS summed over the same processes at the interval's end (shared pages counted once)
 * @param serverCpuMicros      CPU of the server-side processes per committed transfer
 * @param clientCpuMicros      CPU of the runner's JVM (the client threads) per committed transfer; 0 when the
 *                             clients run inside the server-side process (embedded)
 * @param loadAverage          /proc/loadavg's first three fields at the interval's end
 * @param warmupSlices         warm-up slices run after the fixed warm-up before this interval ({@link Warmup})
 * @param steady               whether the warm-up ended steady (rate and compilers); false: measured after
 *                             {@link Warmup#MAXIMUM_SLICES} slices anyway
 * @param compilerShare        share of the contender's JVMs' CPU (server side, and the runner when the clients run
 *                             in it) that their JIT compiler threads took during the interval
 */
record Measurement(int round, String contender, Setting setting, long committed, double seconds, long retries,
                   double p50Millis, double p99Millis, double p999Millis, double bytesPerTransfer, long peakRssBytes,
                   long pssBytes, double serverCpuMicros, double clientCpuMicros, String loadAverage,
                   int warmupSlices, boolean steady, double compilerShare) {
    double perSecond() {
        return committed / seconds;
    }

    String line() {
        return String.format(java.util.Locale.ROOT, "round %d %-16s %-7s %8.0f tx/s  p50 %7.2f ms  p99 %7.2f ms"
                        + "  p99.9 %7.2f ms  retries %6d  %6.0f B/tx  peak RSS %5.0f MiB  PSS %5.0f MiB"
                        + "  CPU server %5.0f us/tx client %5.0f us/tx  compiler %4.1f %%  warm-up +%d slices%s  load %s",
                round, contender, setting.label(), perSecond(), p50Millis, p99Millis, p999Millis, retries,
                bytesPerTransfer, peakRssBytes / 1048576.0, pssBytes / 1048576.0, serverCpuMicros, clientCpuMicros,
                100 * compilerShare, warmupSlices, steady ? "" : " (NOT steady)", loadAverage);
    }
}
