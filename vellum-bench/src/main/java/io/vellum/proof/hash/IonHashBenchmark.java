package io.vellum.proof.hash;

import com.amazon.ion.IonStruct;
import io.vellum.bench.micro.SampleDocuments;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ion Hash of a document: vellum-proof's direct encoder ({@link IonHash}) against ion-hash-java's reader
 * ({@link IonHashReference}), on a 140-byte wallet account and a 1 KiB document. Compare with
 * {@code CeilingBenchmark.sha256} at 140 and 1024 bytes.
 *
 * <p>In package {@code io.vellum.proof.hash} of vellum-bench (a split package, fine on the class path and in the shaded
 * jar) because {@link IonHashReference} (vellum-proof's test jar) is package-private; no visibility was widened for the
 * benchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IonHashBenchmark {
    @Param({"account", "document1k"})
    public String document;

    IonStruct value;

    @Setup
    public void setUp() {
        value = document.equals("account") ? SampleDocuments.account(42) : SampleDocuments.document1k();
        if (!IonHash.of(value).equals(IonHashReference.of(value))) {
            throw new IllegalStateException("the encoders disagree on " + value);
        }
    }

    @Benchmark
    public Hash ionHash() {
        return IonHash.of(value);
    }

    @Benchmark
    public Hash ionHashReference() {
        return IonHashReference.of(value);
    }
}
