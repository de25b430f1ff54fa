package io.vellum.bench.compare;

import java.util.List;

/**
 * When a contender's warm-up may end: its rate has stopped moving AND its JVMs have stopped compiling. The rate
 * alone cannot tell a steady state from a plateau: a JVM whose compiler threads get a small share of two saturated
 * cores runs for minutes at a steady, lower rate while the code it needs waits in the compile queue (issue 16,
 * session 11: a fresh server settled at 589 µs of CPU per transfer where the same build, compiled, needs 366).
 */
final class Warmup {
    /** Length of one warm-up slice after the fixed warm-up, and of the warm-up before a later setting. */
    static final double SLICE_SECONDS = 5;
    /** The last {@link #STEADY_SLICES} slices' rates must lie within this share of the highest of them. */
    static final double STEADY_TOLERANCE = 0.10;
    /**
     * Three, not two: two slices of a rate still climbing 6 % per slice agreed within the tolerance, and a fresh
     * server on Vellum's own front was measured at 0.85× its steady rate (2,468 then 2,623 tx/s; session 10).
     */
    static final int STEADY_SLICES = 3;
    /**
     * The compiler threads of the contender's JVMs may take at most this share of those JVMs' CPU in the last
     * slice. A compiled server under load spends well under 1 % compiling (deoptimizations and the odd late
     * method); one still compiling its hot path 5 – 40 %.
     */
    static final double QUIET_COMPILER_SHARE = 0.02;
    /**
     * At most this many slices (three minutes) before measuring anyway, so that a run on a busy machine ends; the
     * log and the report say that the contender was measured before it was steady.
     */
    static final int MAXIMUM_SLICES = 36;

    private Warmup() {
    }

    /**
     * One warm-up slice of a contender.
     *
     * @param rate           committed transfers per second
     * @param compilerMillis CPU of the compiler threads of the contender's JVMs (server and, when the clients run in
     *                       the runner, the runner) during the slice
     * @param jvmMillis      CPU of those JVMs during the slice; 0 when the contender runs no JVM of its own and its
     *                       clients are not in the runner
     */
    record Slice(double rate, long compilerMillis, long jvmMillis) {
        /** Share of the JVMs' CPU that went to compiling; 0 without a JVM. */
        double compilerShare() {
            return jvmMillis <= 0 ? 0 : (double) compilerMillis / jvmMillis;
        }
    }

    /** Whether the slices so far allow measuring: {@link #rateSteady} and {@link #compilerQuiet} of the last. */
    static boolean done(List<Slice> slices) {
        return rateSteady(slices.stream().map(Slice::rate).toList())
                && compilerQuiet(slices.get(slices.size() - 1));
    }

    /**
     * Whether the last {@link #STEADY_SLICES} rates lie within {@link #STEADY_TOLERANCE} of the highest of them (a
     * rate still climbing or falling by more than that over those slices is not steady).
     *
     * @param rates the warm-up slices' rates so far, oldest first
     */
    static boolean rateSteady(List<Double> rates) {
        if (rates.size() < STEADY_SLICES) {
            return false;
        }
        List<Double> last = rates.subList(rates.size() - STEADY_SLICES, rates.size());
        double highest = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double lowest = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return highest > 0 && highest - lowest <= STEADY_TOLERANCE * highest;
    }

    /** Whether the compiler threads took at most {@link #QUIET_COMPILER_SHARE} of the JVMs' CPU in the slice. */
    static boolean compilerQuiet(Slice slice) {
        return slice.compilerShare() <= QUIET_COMPILER_SHARE;
    }
}
