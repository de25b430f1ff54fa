package io.vellum.bench.compare;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL, plain or with the hash-chained audit trigger ({@link PostgresSchema}): the transfer is one READ
 * COMMITTED transaction that locks both accounts with SELECT … FOR UPDATE (lower account id first, so transfers
 * cannot deadlock), updates both balances to values computed by the client (as the Vellum contenders do), and
 * inserts the transfer. One JDBC connection per client thread, autocommit off. Serialization failures and deadlocks
 * would be rolled back, counted and retried; with the lock order none are expected.
 *
 * <p>Each instance works in a database of its own, created by {@link #setUp} and dropped by {@link #close}. Its
 * disk use is the database's size plus the WAL it generated (WAL position difference, so segment recycling and
 * pre-allocation do not blur it).
 */
final class PostgresContender implements Contender {
    private static final BigDecimal AMOUNT = new BigDecimal("1.00");
    private static final BigDecimal START = new BigDecimal("1000000.00");
    private static int databases;

    private final PostgresCluster cluster;
    private final boolean audited;
    private final int threads;
    private final int accounts;
    private final String database;
    private final AtomicLong attempts = new AtomicLong();
    private final List<Connection> connections = new ArrayList<>();
    private final List<PreparedStatement[]> statements = new ArrayList<>();
    private Connection admin;

    PostgresContender(PostgresCluster cluster, boolean audited, int threads, int accounts) {
        this.cluster = cluster;
        this.audited = audited;
        this.threads = threads;
        this.accounts = accounts;
        synchronized (PostgresContender.class) {
            this.database = (audited ? "audit_" : "plain_") + (++databases);
        }
    }

    @Override
    public String name() {
        return audited ? "pg-audit" : "pg-plain";
    }

    @Override
    public void setUp() throws Exception {
        try (Connection postgres = cluster.connect("postgres"); Statement statement = postgres.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        admin = cluster.connect(database);
        try (Statement statement = admin.createStatement()) {
            for (String ddl : PostgresSchema.TABLES) {
                statement.execute(ddl);
            }
            if (audited) {
                for (String ddl : PostgresSchema.AUDIT) {
                    statement.execute(ddl);
                }
            }
        }
        admin.setAutoCommit(false);
        try (PreparedStatement insert = admin.prepareStatement("INSERT INTO accounts VALUES (?, ?)")) {
            for (int i = 0; i < accounts; i++) {
                insert.setString(1, Setting.accountId(i));
                insert.setBigDecimal(2, START);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        admin.commit();
        admin.setAutoCommit(true);
        try (Statement statement = admin.createStatement()) {
            statement.execute("VACUUM ANALYZE"); // what a DBA does after a bulk load; keeps plans and visibility sane
        }
        for (int t = 0; t < threads; t++) {
            Connection connection = cluster.connect(database);
            connection.setAutoCommit(false);
            connections.add(connection);
            statements.add(new PreparedStatement[] {connection.prepareStatement(PostgresSchema.LOCK),
                    connection.prepareStatement(PostgresSchema.UPDATE),
                    connection.prepareStatement(PostgresSchema.INSERT)});
        }
    }

    @Override
    public LoadDriver.Interval run(Setting setting, double seconds, long seed) throws Exception {
        long attemptsBefore = attempts.get();
        LoadDriver.Interval interval = LoadDriver.drive(this::transfer, setting, threads, seconds, accounts, seed);
        return interval.withRetries(attempts.get() - attemptsBefore - interval.committed());
    }

    private void transfer(int thread, int from, int to) throws SQLException {
        Connection connection = connections.get(thread);
        PreparedStatement[] prepared = statements.get(thread);
        String fromId = Setting.accountId(from);
        String toId = Setting.accountId(to);
        while (true) {
            attempts.incrementAndGet();
            try {
                BigDecimal first = lock(prepared[0], from < to ? fromId : toId);
                BigDecimal second = lock(prepared[0], from < to ? toId : fromId);
                BigDecimal fromBalance = from < to ? first : second;
                BigDecimal toBalance = from < to ? second : first;
                if (fromBalance.compareTo(AMOUNT) < 0) {
                    throw new IllegalStateException(fromId + " ran out of money");
                }
                update(prepared[1], fromId, fromBalance.subtract(AMOUNT));
                update(prepared[1], toId, toBalance.add(AMOUNT));
                prepared[2].setString(1, fromId);
                prepared[2].setString(2, toId);
                prepared[2].setBigDecimal(3, AMOUNT);
                prepared[2].executeUpdate();
                connection.commit();
                return;
            } catch (SQLException e) {
                connection.rollback();
                if (!"40001".equals(e.getSQLState()) && !"40P01".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    private static BigDecimal lock(PreparedStatement select, String accountId) throws SQLException {
        select.setString(1, accountId);
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("no account " + accountId);
            }
            return row.getBigDecimal(1);
        }
    }

    private static void update(PreparedStatement update, String accountId, BigDecimal balance) throws SQLException {
        update.setBigDecimal(1, balance);
        update.setString(2, accountId);
        if (update.executeUpdate() != 1) {
            throw new IllegalStateException("no account " + accountId);
        }
    }

    @Override
    public long storeBytes() throws SQLException {
        try (Statement statement = admin.createStatement(); ResultSet row = statement.executeQuery(
                "SELECT pg_database_size(current_database()) + pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    public List<Long> serverPids() {
        return ProcessStats.withChildren(cluster.postmasterPid());
    }

    @Override
    public List<Long> serverJvmPids() {
        return List.of();
    }

    @Override
    public boolean clientsInRunner() {
        return true;
    }

    @Override
    public String check(long committedTransfers) throws Exception {
        try (Statement statement = admin.createStatement(); ResultSet row = statement.executeQuery(
                "SELECT (SELECT count(*) FROM accounts), (SELECT sum(balance) FROM accounts),"
                        + " (SELECT count(*) FROM transfers)")) {
            row.next();
            String result = Checks.balances(name(), accounts, row.getLong(1), row.getBigDecimal(2))
                    + Checks.transfers(committedTransfers, row.getLong(3));
            if (audited) {
                long history = AuditChainCheck.verify(admin);
                long expected = accounts + 3 * committedTransfers;
                if (history != expected) {
                    throw new IllegalStateException(name() + ": " + history + " audit rows, expected " + expected);
                }
                result += "; audit hash chain of " + history + " rows recomputed in Java: intact";
            }
            return result;
        }
    }

    @Override
    public void close() {
        for (Connection connection : connections) {
            closeQuietly(connection);
        }
        closeQuietly(admin);
        try (Connection postgres = cluster.connect("postgres"); Statement statement = postgres.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
        } catch (SQLException e) {
            System.err.println("could not drop database " + database + ": " + e.getMessage());
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing after the run; nothing to keep
        }
    }
}
