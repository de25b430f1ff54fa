package io.vellum.wallet.profile;

import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A few JDBC connections reused across requests: profile requests are rare enough that a full pool library is not
 * worth a dependency, and opening a PostgreSQL connection per request costs a TLS and authentication round trip.
 * A connection that failed is discarded rather than returned, so a database restart heals by itself.
 */
final class ConnectionPool implements AutoCloseable {
    /** Work with a connection; runs in auto-commit mode. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final ProfileDatabase database;
    private final BlockingQueue<Connection> idle;
    private final Semaphore permits;
    private volatile boolean closed;

    ConnectionPool(ProfileDatabase database, int size) {
        this.database = database;
        this.idle = new ArrayBlockingQueue<>(size);
        this.permits = new Semaphore(size, true);
    }

    <T> T withConnection(SqlWork<T> work) throws SQLException {
        acquire();
        Connection connection = null;
        boolean broken = false;
        try {
            connection = idle.poll();
            if (connection == null) {
                connection = open();
            }
            return work.apply(connection);
        } catch (SQLException e) {
            // The statement or the connection failed; a fresh connection next time is cheaper than diagnosing which.
            broken = true;
            throw e;
        } finally {
            if (connection != null) {
                if (!broken && !closed) {
                    idle.offer(connection);
                } else {
                    closeQuietly(connection);
                }
            }
            permits.release();
        }
    }

    private void acquire() {
        if (closed) {
            throw new WalletException(WalletError.STORE_UNAVAILABLE, "the profile store is closed");
        }
        try {
            if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new WalletException(WalletError.STORE_UNAVAILABLE, "every connection to the profile database "
                        + database.describe() + " stayed busy for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalletException(WalletError.STORE_UNAVAILABLE, "interrupted while waiting for a connection");
        }
    }

    Connection open() throws SQLException {
        return database.user() == null ? DriverManager.getConnection(database.jdbcUrl())
                : DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // The connection is being dropped because it failed or the pool closed; nothing more to do with it.
        }
    }
}
