package io.vellum.bench.compare;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Recomputes the audit history's hash chain ({@link PostgresSchema}) in Java, independently of PostgreSQL's
 * sha256: every row's hash from the previous one and the row's stored columns, sequence numbers contiguous from 1,
 * and the chain head equal to the last row.
 */
final class AuditChainCheck {
    private AuditChainCheck() {
    }

    /** Returns the number of history rows; throws IllegalStateException at the first broken link. */
    static long verify(Connection connection) throws Exception {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a cursor, so the history is streamed instead of loaded whole
        try (PreparedStatement query = connection.prepareStatement("SELECT seq, table_name, operation, txid,"
                + " (extract(epoch FROM changed_at) * 1000000)::bigint, row_data::text, hash FROM audit_history"
                + " ORDER BY seq")) {
            query.setFetchSize(10_000);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] previous = new byte[32];
            long expectedSeq = 1;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long seq = rows.getLong(1);
                    if (seq != expectedSeq) {
                        throw new IllegalStateException("audit history: expected seq " + expectedSeq + ", found " + seq);
                    }
                    String content = String.join("|", Long.toString(seq), rows.getString(2), rows.getString(3),
                            Long.toString(rows.getLong(4)), Long.toString(rows.getLong(5)), rows.getString(6));
                    sha256.update(previous);
                    byte[] computed = sha256.digest(content.getBytes(StandardCharsets.UTF_8));
                    byte[] stored = rows.getBytes(7);
                    if (!Arrays.equals(computed, stored)) {
                        throw new IllegalStateException("audit history row " + seq + ": stored hash "
                                + HexFormat.of().formatHex(stored) + ", computed " + HexFormat.of().formatHex(computed));
                    }
                    previous = computed;
                    expectedSeq++;
                }
            }
            checkHead(connection, expectedSeq - 1, previous);
            return expectedSeq - 1;
        } finally {
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void checkHead(Connection connection, long lastSeq, byte[] lastHash) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet head = statement.executeQuery("SELECT last_seq, last_hash FROM audit_chain_head")) {
            head.next();
            if (head.getLong(1) != lastSeq || !Arrays.equals(head.getBytes(2), lastHash)) {
                throw new IllegalStateException("audit chain head (" + head.getLong(1) + ") does not match the last"
                        + " history row (" + lastSeq + ")");
            }
        }
    }
}
