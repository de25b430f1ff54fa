package io.vellum.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VellumChecksTest {
    private static final List<String> ACCOUNTS = IntStream.range(0, 1000).mapToObj(i -> "acct-" + i).toList();

    @Test
    void fewTransfersAreCountedByOnePlainQuery() {
        assertThat(VellumChecks.countQueries(ACCOUNTS, 100_000)).extracting(VellumChecks.CountQuery::statement)
                .containsExactly("SELECT COUNT(*) AS n FROM Transfers");
    }

    /**
     * Regression (session 13): a whole run's embedded transfers (over 1,000,000) counted by one query exceeded the
     * engine's row limit, and the run ended without its report. Every sender falls in exactly one range, and no range
     * expects more transfers than the bound.
     */
    @Test
    void manyTransfersAreCountedInRangesThatCoverEverySenderOnce() {
        long expected = 2_600_000;
        List<VellumChecks.CountQuery> queries = VellumChecks.countQueries(ACCOUNTS, expected);
        assertThat(queries).hasSizeGreaterThan(1);
        for (String account : ACCOUNTS) {
            assertThat(queries.stream().filter(query -> matches(query, account)).count()).as(account).isEqualTo(1);
        }
        for (VellumChecks.CountQuery query : queries) {
            long senders = ACCOUNTS.stream().filter(account -> matches(query, account)).count();
            assertThat(expected * senders / ACCOUNTS.size()).isLessThanOrEqualTo(VellumChecks.TRANSFERS_PER_COUNT);
        }
    }

    /** Whether the sender {@code account} falls in {@code query}'s range (its parameters are the range's bounds). */
    private static boolean matches(VellumChecks.CountQuery query, String account) {
        List<String> bounds = new ArrayList<>();
        for (IonValue parameter : query.parameters()) {
            bounds.add(((IonText) parameter).stringValue());
        }
        String statement = query.statement();
        if (statement.endsWith("t.\"from\" < ?")) {
            return statement.contains(">=") ? account.compareTo(bounds.get(0)) >= 0
                    && account.compareTo(bounds.get(1)) < 0 : account.compareTo(bounds.get(0)) < 0;
        }
        return account.compareTo(bounds.get(0)) >= 0;
    }
}
