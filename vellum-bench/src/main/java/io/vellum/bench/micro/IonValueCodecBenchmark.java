package io.vellum.bench.micro;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.block.DirectIonBinary;
import io.vellum.proof.block.IonBinary;
import java.util.Arrays;
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
 * One Session API {@code IonBinary} value of the transfer, read and written by ion-java (the path before issue 16's
 * session 11: {@code singleValue}, the per-thread binary writer of {@link IonBinary}) and by
 * {@link DirectIonBinary}: the parameters (an account id, a balance) and the results (a balance read, a written
 * document's id). Per transfer the client writes 9 parameters and reads 5 results, the server the other way round.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IonValueCodecBenchmark {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @Param({"accountId", "balance", "balanceRow", "documentIdRow"})
    public String value;

    IonValue dom;
    byte[] binary;

    @Setup
    public void setUp() {
        String text = switch (value) {
            case "accountId" -> "\"acct-1742\"";
            case "balance" -> "999990.00";
            case "balanceRow" -> "{balance: 999990.00}";
            case "documentIdRow" -> "{documentId: \"3oLkQ7h1Gy8C2xdX4mT9aZ\"}";
            default -> throw new IllegalArgumentException(value);
        };
        dom = ION.singleValue(text);
        binary = IonBinary.encode(dom);
        if (!Arrays.equals(DirectIonBinary.write(dom), binary) || !dom.equals(DirectIonBinary.read(ION, binary))) {
            throw new IllegalStateException("the direct path disagrees with ion-java on " + text);
        }
    }

    @Benchmark
    public IonValue readIonJava() {
        return ION.singleValue(binary);
    }

    @Benchmark
    public IonValue readDirect() {
        return DirectIonBinary.read(ION, binary);
    }

    @Benchmark
    public byte[] writeIonJava() {
        return IonBinary.encode(dom);
    }

    @Benchmark
    public byte[] writeDirect() {
        return DirectIonBinary.write(dom);
    }
}
