package io.vellum.bench;

import com.amazon.ion.IonValue;
import io.vellum.client.Result;
import java.util.AbstractList;
import java.util.List;

/**
 * A vellum-client {@link Result} as the {@link TransferWorkload.Statements} list, read only when the workload looks
 * at it: with {@code batchStatements(true)} the statements whose results the transfer never reads (its two UPDATEs and
 * the INSERT) then travel with the commit, as an application that ignores those results would send them.
 */
public final class UnreadResults {
    private UnreadResults() {
    }

    /** A list view of {@code result} that reads it on first use. */
    public static List<IonValue> lazily(Result result) {
        return new AbstractList<>() {
            private List<IonValue> values;

            private List<IonValue> values() {
                if (values == null) {
                    values = result.toList();
                }
                return values;
            }

            @Override
            public IonValue get(int index) {
                return values().get(index);
            }

            @Override
            public int size() {
                return values().size();
            }
        };
    }
}
