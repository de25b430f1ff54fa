package io.vellum.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonValue;
import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transfer's order of statements and reads: what lets a batching client (vellum-client with batchStatements)
 * carry both reads in one request, while the statements stay those of reading each at once.
 */
class TransferWorkloadTest {
    private static final String READ = "SELECT a.balance FROM Accounts AS a WHERE a.accountId = ?";

    @Test
    void issuesBothReadsBeforeLookingAtEitherAndThenTheThreeWrites() {
        List<String> events = new ArrayList<>();
        boolean moved = TransferWorkload.transfer(recording(events), "acct-1", "acct-2", new BigDecimal("1.00"));

        assertThat(moved).isTrue();
        assertThat(events).containsExactly("run " + READ, "run " + READ, "read 1", "read 2",
                "run UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                "run UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?",
                "run INSERT INTO Transfers VALUE {'from': ?, 'to': ?, 'amount': ?}");
    }

    @Test
    void theOlderOrderReadsEachBalanceBeforeIssuingTheNextReadWithTheSameStatements() {
        List<String> events = new ArrayList<>();
        TransferWorkload.transferReadingEachAtOnce(recording(events), "acct-1", "acct-2", new BigDecimal("1.00"));

        assertThat(events.subList(0, 4)).containsExactly("run " + READ, "read 1", "run " + READ, "read 2");
        assertThat(events.stream().filter(e -> e.startsWith("run ")).toList()).hasSize(5);
    }

    /** Statements that log each run, and each first look at a result, numbered by the statement that made it. */
    private static TransferWorkload.Statements recording(List<String> events) {
        int[] statements = {0};
        return (statement, parameters) -> {
            events.add("run " + statement);
            int number = ++statements[0];
            IonValue row = TransferWorkload.ION.singleValue("{balance: 100.00}");
            return new AbstractList<>() {
                private boolean looked;

                @Override
                public IonValue get(int index) {
                    if (!looked) {
                        looked = true;
                        events.add("read " + number);
                    }
                    return row;
                }

                @Override
                public int size() {
                    return 1;
                }
            };
        };
    }
}
