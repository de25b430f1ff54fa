package io.vellum.bench.micro;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Adds the benchmark JVM's CPU time per operation (all its threads, GC included) to every iteration, as the
 * secondary result {@code ·cpu.ns/op}. On a machine shared with other work the wall-clock score also counts the time
 * the benchmark thread waited for a core; CPU time does not, so it is the better number for ratios between hot
 * paths. It is no measure for waits (the fsync ceiling), where the wall-clock score is the one to read.
 *
 * <p>Usage: {@code java -jar vellum-bench.jar -prof io.vellum.bench.micro.CpuTimeProfiler …}
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startCpuNanos;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark JVM per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startCpuNanos = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - startCpuNanos;
        long operations = result.getMetadata().getAllOps();
        double perOperation = operations == 0 ? Double.NaN : (double) cpuNanos / operations;
        return List.of(new ScalarResult("·cpu.ns/op", perOperation, "ns/op", AggregationPolicy.AVG));
    }
}
