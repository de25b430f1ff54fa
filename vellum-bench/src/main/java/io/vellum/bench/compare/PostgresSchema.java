package io.vellum.bench.compare;

import java.util.List;

/**
 * The PostgreSQL side's DDL: the wallet tables, and for the audited contender the traditional audit approach, a
 * trigger that appends every row change to a hash-chained history table.
 *
 * <p>The chain: history row n stores {@code hash_n = SHA-256(hash_(n-1) ‖ UTF-8(content_n))} where
 * {@code content_n = n|table|operation|txid|epochMicros|rowJson} ({@code rowJson} is {@code to_jsonb} of the new
 * row, or of the old row for a DELETE, as jsonb's text form) and {@code hash_0} is 32 zero bytes. Computing
 * {@code hash_n} needs {@code hash_(n-1)}, so appends must be serialized: the trigger locks the one row of
 * {@code audit_chain_head} FOR UPDATE, which orders every writing transaction behind the previous one until that
 * one commits. That is the correct way with one chain (a sequence or a MAX(seq) read would fork the chain under
 * concurrency) and it is what costs the audited contender its concurrency: the lock is held across the commit's
 * WAL flush. Every transaction locks its accounts first and the chain head last, so no deadlock cycle can form.
 */
final class PostgresSchema {
    private PostgresSchema() {
    }

    static final List<String> TABLES = List.of(
            "CREATE TABLE accounts (account_id text PRIMARY KEY, balance numeric(20,2) NOT NULL)",
            "CREATE TABLE transfers (id bigserial PRIMARY KEY, from_account text NOT NULL, to_account text NOT NULL,"
                    + " amount numeric(20,2) NOT NULL)");

    static final List<String> AUDIT = List.of(
            "CREATE TABLE audit_history (seq bigint PRIMARY KEY, table_name text NOT NULL, operation text NOT NULL,"
                    + " txid bigint NOT NULL, changed_at timestamptz NOT NULL, row_data jsonb NOT NULL,"
                    + " hash bytea NOT NULL)",
            "CREATE TABLE audit_chain_head (id int PRIMARY KEY CHECK (id = 1), last_seq bigint NOT NULL,"
                    + " last_hash bytea NOT NULL)",
            "INSERT INTO audit_chain_head VALUES (1, 0, decode(repeat('00', 32), 'hex'))",
            """
            CREATE FUNCTION audit_append() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                head_seq bigint;
                head_hash bytea;
                row_json jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
                changed timestamptz := clock_timestamp();
                tx bigint := txid_current();
                next_hash bytea;
            BEGIN
                SELECT last_seq, last_hash INTO head_seq, head_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE;
                next_hash := sha256(head_hash || convert_to(concat_ws('|', head_seq + 1, TG_TABLE_NAME, TG_OP, tx,
                        (extract(epoch FROM changed) * 1000000)::bigint, row_json::text), 'UTF8'));
                INSERT INTO audit_history VALUES (head_seq + 1, TG_TABLE_NAME, TG_OP, tx, changed, row_json, next_hash);
                UPDATE audit_chain_head SET last_seq = head_seq + 1, last_hash = next_hash WHERE id = 1;
                RETURN NULL;
            END
            $$""",
            "CREATE TRIGGER accounts_audit AFTER INSERT OR UPDATE OR DELETE ON accounts"
                    + " FOR EACH ROW EXECUTE FUNCTION audit_append()",
            "CREATE TRIGGER transfers_audit AFTER INSERT OR UPDATE OR DELETE ON transfers"
                    + " FOR EACH ROW EXECUTE FUNCTION audit_append()");

    /** Locks one account and reads its balance; run for the lower account id first. */
    static final String LOCK = "SELECT balance FROM accounts WHERE account_id = ? FOR UPDATE";
    static final String UPDATE = "UPDATE accounts SET balance = ? WHERE account_id = ?";
    static final String INSERT = "INSERT INTO transfers (from_account, to_account, amount) VALUES (?, ?, ?)";
}
