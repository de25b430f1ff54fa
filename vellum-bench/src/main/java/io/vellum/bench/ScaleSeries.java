package io.vellum.bench;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scale series (issue 6): in one run, fills a ledger to each of several sizes and measures it at each, to show how
 * costs grow with the ledger. At each size: fill (see {@link ScaleFill}), clean close, timed reopens, proof and
 * history measurements ({@link ScaleMeasurement}), then a crash: a child JVM keeps filling the same ledger, is killed
 * with SIGKILL, and the reopen after it is timed (it replays what the state store had not flushed). The next fill
 * continues from whatever the crash left.
 *
 * <p>Usage: {@code java -Xmx4g -cp vellum-bench.jar io.vellum.bench.ScaleSeries [sizes=1000000,10000000] [dir]};
 * {@code ScaleSeries --crash-reopen DIR [times=1]} runs only the crash scenario against an existing ledger.
 * Properties: {@code vellum.updateShare} (0.25) share of fill transactions that update existing documents,
 * {@code vellum.crashAfterSeconds} (15) how long the child fills before the kill; those of ScaleMeasurement.
 */
public final class ScaleSeries {
    private static final String UNTIL_KILLED = "--fill-until-killed";
    private static final String CRASH_ONLY = "--crash-reopen";
    private static final String FILLING = "filling";
    private static final int CLEAN_REOPENS = 3;

    private ScaleSeries() {
    }

    /** One size's results: the fill that reached it, reopen times and the read-side point. */
    record Step(ScaleFill.Result fill, double[] cleanReopenMillis, ScaleMeasurement.Point point,
                double crashReopenMillis, long crashRevisions) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals(UNTIL_KILLED)) {
            fillUntilKilled(Path.of(args[1]));
            return;
        }
        if (args.length >= 2 && args[0].equals(CRASH_ONLY)) { // an existing ledger: only the crash scenario
            for (int i = 0; i < (args.length > 2 ? Integer.parseInt(args[2]) : 1); i++) {
                System.out.printf("reopen after SIGKILL during a fill: %.0f ms%n", crashAndReopen(Path.of(args[1])));
            }
            return;
        }
        long[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000000,10000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("vellum-scale");
        ScaleFill fill = new ScaleFill(Double.parseDouble(System.getProperty("vellum.updateShare", "0.25")));
        ScaleMeasurement measurement = new ScaleMeasurement();
        List<Step> steps = new ArrayList<>();
        long revisions = 0;
        for (long size : sizes) {
            System.out.printf("%n== filling to %,d revisions (have %,d) ==%n", size, revisions);
            ScaleFill.Result filled;
            try (Ledger ledger = Ledger.open(directory, options())) {
                filled = fill.fill(ledger, Math.max(0, size - revisions));
            }
            System.out.printf("filled %,d revisions (%,d inserts, %,d updates, %d expired transactions run again) "
                    + "in %.1f s: %.0f revisions/s%n", filled.revisions(), filled.inserted(), filled.updated(),
                    filled.expired(), filled.seconds(), filled.revisionsPerSecond());
            double[] reopens = new double[CLEAN_REOPENS];
            ScaleMeasurement.Point point = null;
            for (int i = 0; i < CLEAN_REOPENS; i++) {
                long start = System.nanoTime();
                try (Ledger ledger = Ledger.open(directory, options())) {
                    reopens[i] = (System.nanoTime() - start) / 1e6;
                    if (i == CLEAN_REOPENS - 1) {
                        point = measurement.measure(ledger);
                    }
                }
            }
            System.out.printf("reopen after a clean close: %s ms%n", Arrays.toString(round(reopens)));
            point.print(System.out);
            double crashReopen = crashAndReopen(directory);
            long afterCrash;
            try (Ledger ledger = Ledger.open(directory, options())) {
                afterCrash = ledger.digest().tipAddress().sequenceNo() + 1 - point.blocks();
            }
            revisions = point.revisions() + afterCrash * ScaleFill.REVISIONS_PER_TRANSACTION;
            System.out.printf("reopen after SIGKILL during a fill: %.0f ms (the killed fill added %,d blocks)%n",
                    crashReopen, afterCrash);
            steps.add(new Step(filled, reopens, point, crashReopen, afterCrash));
        }
        ScaleReport.print(steps, System.out);
    }

    private static LedgerOptions options() {
        return LedgerOptions.defaults().withConflictRetries(100);
    }

    /**
     * Starts a child JVM that fills the ledger, kills it with SIGKILL after {@code vellum.crashAfterSeconds} of
     * filling, and returns how long opening the ledger then takes (tail truncation plus replay into the store).
     */
    private static double crashAndReopen(Path directory) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                ScaleSeries.class.getName(), UNTIL_KILLED, directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(FILLING)) {
                System.out.println("child: " + line);
            }
            if (line == null) {
                throw new IllegalStateException("the filling child exited with " + child.waitFor());
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(Long.getLong("vellum.crashAfterSeconds", 15)));
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close, no flush
            child.waitFor();
        }
        long start = System.nanoTime();
        try (Ledger ledger = Ledger.open(directory, options())) {
            return (System.nanoTime() - start) / 1e6;
        }
    }

    /** The child's side of {@link #crashAndReopen}: fill forever; the parent kills this process. */
    private static void fillUntilKilled(Path directory) throws InterruptedException {
        Ledger ledger = Ledger.open(directory, options());
        System.out.println(FILLING);
        System.out.flush();
        new ScaleFill(0.0).fill(ledger, Long.MAX_VALUE);
    }

    private static double[] round(double[] millis) {
        return Arrays.stream(millis).map(Math::rint).toArray();
    }
}
