package io.vellum.bench;

import io.vellum.bench.micro.CeilingBenchmark;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * This machine's ceilings for what a ledger commit needs, in about 40 s: SHA-256 throughput of the JDK and the rate
 * of append + fdatasync on the data disk. It runs {@link CeilingBenchmark} (the same measurement the JMH
 * microbenchmarks compare themselves with) and prints it as rates. Usage: {@code MachineCeilings [dir]}.
 */
public final class MachineCeilings {
    private MachineCeilings() {
    }

    public static void main(String[] args) throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(CeilingBenchmark.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(2))
                .param("directory", args.length > 0 ? args[0] : "");
        Collection<RunResult> results = new Runner(options.build()).run();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            double score = result.getPrimaryResult().getScore();
            if (benchmark.endsWith(".sha256")) {
                int size = Integer.parseInt(result.getParams().getParam("size"));
                System.out.printf("sha256 of %4d bytes: %6.0f ns = %,.0f hashes/s = %.0f MB/s%n", size, score,
                        1e9 / score, size * 1e3 / score);
            } else {
                System.out.printf("fsync: %.0f µs = %,.0f append(1 KiB)+force(false)/s in %s%n", score, 1e6 / score,
                        args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
            }
        }
    }
}
