package io.vellum.engine.query.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.query.internal.syntax.SelectQuery;
import io.vellum.engine.query.internal.syntax.Statement;
import io.vellum.engine.query.internal.syntax.StatementParser;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which queries read a committed view only through the parts {@link ViewParts} builds. */
class ViewPartsTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @Test
    void theWalletsAccountLookupReadsThreeDataFieldsAndTheIdAndVersion() {
        assertThat(parts("SELECT r.metadata.id AS documentId, r.metadata.version AS version, r.data.accountId AS "
                + "accountId, r.data.balance AS balance, r.data.currency AS currency FROM _ql_committed_Wallet AS r "
                + "WHERE r.data.accountId IN (?, ?)"))
            .contains(new ViewParts(Set.of("accountId", "balance", "currency"), true, true));
        assertThat(parts("SELECT VALUE r.data.a.b[0] FROM _ql_committed_T AS r BY rid WHERE rid = ? ORDER BY "
                + "r.metadata.version LIMIT 1")).contains(new ViewParts(Set.of("a"), false, true));
    }

    @Test
    void aQueryThatMayReadMoreGetsTheWholeView() {
        String[] wholeView = {
            "SELECT * FROM _ql_committed_T AS r",
            "SELECT VALUE r FROM _ql_committed_T AS r",
            "SELECT r.* FROM _ql_committed_T AS r",
            "SELECT r.data FROM _ql_committed_T AS r",
            "SELECT r.metadata.txTime FROM _ql_committed_T AS r",
            "SELECT r.metadata.txId FROM _ql_committed_T AS r",
            "SELECT r.blockAddress.sequenceNo FROM _ql_committed_T AS r",
            "SELECT r.hash FROM _ql_committed_T AS r",
            "SELECT r.data['a'] FROM _ql_committed_T AS r",
            "SELECT r.data.a FROM _ql_committed_T AS r WHERE r IS NOT MISSING",
            "SELECT r.data.a FROM _ql_committed_T AS r WHERE metadata.id = ?",
            "SELECT r.data.a FROM _ql_committed_T AS r WHERE data.b = 1",
            "SELECT r.data.a FROM _ql_committed_T AS r WHERE EXISTS (SELECT * FROM T AS t WHERE t.a = r.data.a)",
            "SELECT r.data.a FROM _ql_committed_T AS r WHERE r.data[r.metadata.txId] = 1",
        };
        for (String query : wholeView) {
            assertThat(parts(query)).as(query).isEmpty();
        }
    }

    private static Optional<ViewParts> parts(String text) {
        SelectQuery query = ((Statement.Select) StatementParser.parse(text, ION).statement()).query();
        String alias = query.sources().get(0).alias().orElseThrow();
        Set<String> bound = query.sources().get(0).byAlias().map(by -> Set.of(alias, by)).orElse(Set.of(alias));
        return ViewParts.of(query, alias, bound);
    }
}
