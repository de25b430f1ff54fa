package io.vellum.bench.compare;

import org.HdrHistogram.Histogram;

/**
 * What one measured slice of one contender produced, as raw sums, so that a round's slices add up
 * ({@link Measurement#of}).
 *
 * @param committed       transfers committed in the slice
 * @param seconds         the slice's wall time
 * @param retries         transaction attempts beyond one per committed transfer
 * @param latencyMicros   per committed transfer
 * @param storeBytes      growth of the store during the slice
 * @param serverCpuMillis CPU of the server-side processes during the slice
 * @param clientCpuMillis CPU of the runner's JVM during the slice when the clients run in it, else 0
 * @param compilerMillis  CPU of the JIT compiler threads of the contender's JVMs during the slice
 * @param jvmMillis       CPU of those JVMs during the slice
 * @param peakRssBytes    VmHWM summed over the server-side processes at the slice's end
 * @param pssBytes        PSS summed over the same processes at the slice's end
 * @param loadAverage     /proc/loadavg's first three fields at the slice's end
 */
record MeasuredSlice(long committed, double seconds, long retries, Histogram latencyMicros, long storeBytes,
                     long serverCpuMillis, long clientCpuMillis, long compilerMillis, long jvmMillis,
                     long peakRssBytes, long pssBytes, String loadAverage) {
    double perSecond() {
        return committed / seconds;
    }
}
