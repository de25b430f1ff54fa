package io.vellum.wallet.profile;

import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Profiles in one table of a JDBC database, with SQL that H2 and PostgreSQL both accept:
 * <pre>
 * wallet_profiles(account_id VARCHAR(64) PRIMARY KEY, name, email, phone, created_at, updated_at)
 * </pre>
 * Erasure is {@code DELETE}: the row is gone for every reader at once; the database reclaims its space later
 * (H2 when it rewrites file chunks, PostgreSQL at VACUUM).
 */
public final class JdbcProfileStore implements ProfileStore {
    /** SQLState of a unique-constraint violation, the same in H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS wallet_profiles ("
            + "account_id VARCHAR(64) PRIMARY KEY, name VARCHAR(200) NOT NULL, email VARCHAR(254), phone VARCHAR(32), "
            + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)";
    private static final String INSERT = "INSERT INTO wallet_profiles (account_id, name, email, phone, created_at, "
            + "updated_at) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT name, email, phone, created_at, updated_at FROM wallet_profiles "
            + "WHERE account_id = ?";
    private static final String UPDATE = "UPDATE wallet_profiles SET name = ?, email = ?, phone = ?, updated_at = ? "
            + "WHERE account_id = ?";
    private static final String DELETE = "DELETE FROM wallet_profiles WHERE account_id = ?";

    private final ProfileDatabase database;
    private final ConnectionPool pool;
    private final Clock clock;

    private JdbcProfileStore(ProfileDatabase database, ConnectionPool pool, Clock clock) {
        this.database = database;
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Connects, creating the table when missing.
     *
     * @throws WalletException STORE_UNAVAILABLE naming the database when it cannot be reached
     */
    public static JdbcProfileStore open(ProfileDatabase database, Clock clock) {
        ConnectionPool pool = new ConnectionPool(database, 8);
        JdbcProfileStore store = new JdbcProfileStore(database, pool, clock);
        try {
            pool.withConnection(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(CREATE_TABLE);
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new WalletException(WalletError.STORE_UNAVAILABLE, "cannot open the profile database "
                    + database.describe() + ": " + e.getMessage(), null, e);
        }
        return store;
    }

    @Override
    public Profile create(String accountId, ProfileDetails details) {
        Instant now = now();
        try {
            return pool.withConnection(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    insert.setString(1, accountId);
                    setDetails(insert, 2, details);
                    insert.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    insert.setObject(6, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    insert.executeUpdate();
                }
                return new Profile(accountId, details, now, now);
            });
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new WalletException(WalletError.PROFILE_EXISTS, "account " + accountId + " has a profile; "
                        + "replace it with PUT", "accountId");
            }
            throw unavailable("create the profile of " + accountId, e);
        }
    }

    @Override
    public Optional<Profile> find(String accountId) {
        try {
            return pool.withConnection(connection -> {
                try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                    select.setString(1, accountId);
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            return Optional.empty();
                        }
                        return Optional.of(new Profile(accountId,
                                new ProfileDetails(row.getString(1), row.getString(2), row.getString(3)),
                                row.getObject(4, OffsetDateTime.class).toInstant(),
                                row.getObject(5, OffsetDateTime.class).toInstant()));
                    }
                }
            });
        } catch (SQLException e) {
            throw unavailable("read the profile of " + accountId, e);
        }
    }

    @Override
    public Profile update(String accountId, ProfileDetails details) {
        try {
            return pool.withConnection(connection -> {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    Instant now = now();
                    Profile updated = replace(connection, accountId, details, now);
                    connection.commit();
                    return updated;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(autoCommit);
                }
            });
        } catch (SQLException e) {
            throw unavailable("update the profile of " + accountId, e);
        }
    }

    /** Replaces the details and reads back the creation time, in the caller's transaction. */
    private Profile replace(Connection connection, String accountId, ProfileDetails details, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            setDetails(update, 1, details);
            update.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            update.setString(5, accountId);
            if (update.executeUpdate() == 0) {
                throw new WalletException(WalletError.PROFILE_NOT_FOUND, "account " + accountId
                        + " has no profile; create it with POST", "accountId");
            }
        }
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, accountId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new Profile(accountId, details, row.getObject(4, OffsetDateTime.class).toInstant(), now);
            }
        }
    }

    @Override
    public boolean erase(String accountId) {
        try {
            return pool.withConnection(connection -> {
                try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                    delete.setString(1, accountId);
                    return delete.executeUpdate() > 0;
                }
            });
        } catch (SQLException e) {
            throw unavailable("erase the profile of " + accountId, e);
        }
    }

    @Override
    public String description() {
        return database.describe();
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void setDetails(PreparedStatement statement, int first, ProfileDetails details)
            throws SQLException {
        statement.setString(first, details.name());
        statement.setString(first + 1, details.email());
        statement.setString(first + 2, details.phone());
    }

    /** Microseconds: what both databases keep, so a stored time reads back equal. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private WalletException unavailable(String what, SQLException e) {
        return new WalletException(WalletError.STORE_UNAVAILABLE, "cannot " + what + " in the profile database "
                + database.describe() + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", null, e);
    }
}
