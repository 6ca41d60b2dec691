package io.emojireactions.apps.warehouse;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * The warehouse schema as plain versioned SQL, applied by Flyway: the scripts
 * {@code V<n>__<what>.sql} in {@link #LOCATION} are applied in version order, each in its own
 * transaction together with its row in {@link #HISTORY_TABLE}, so a database is always at a whole
 * version. Concurrent migrators serialize on a PostgreSQL advisory lock. Applied scripts are never
 * edited (Flyway refuses a changed checksum): a change is a new {@code V<n+1>} script.
 *
 * <p>The location and the history table are the warehouse's own, not Flyway's defaults
 * ({@code db/migration}, {@code flyway_schema_history}), so an application that runs its own
 * Flyway on the same class path or in the same database schema never sees these scripts nor
 * shares their history.
 *
 * <p>Databases created before Flyway carry their version in {@link #LEGACY_VERSION_TABLE}
 * ({@code version, script, applied_at}). Such a database is baselined at that version on its
 * first Flyway migration, so only the scripts after it run; the legacy table is left as it is
 * (an older build started on it still finds its version there). A database that holds other
 * tables but no warehouse schema is baselined at version 0, so every script runs: the warehouse
 * may share a database with other applications.
 */
public final class WarehouseSchema {

  /** Where the scripts are: beside this class, not Flyway's default {@code db/migration}. */
  public static final String LOCATION = "classpath:io/emojireactions/apps/warehouse/db";

  /** Flyway's history of this schema, in the connection's current schema. */
  public static final String HISTORY_TABLE = "warehouse_schema_history";

  /** The version table of the hand-written migrator the warehouse had before Flyway. */
  public static final String LEGACY_VERSION_TABLE = "schema_version";

  /**
   * The session-level advisory lock that serializes concurrent starts (two warehouses, or a
   * warehouse and {@code emoji query}, on one database). Flyway takes its own lock only once it
   * has created its history table, so two first starts could both see an empty history table
   * and one would fail to baseline; this lock is held around all of it.
   */
  static final long MIGRATION_LOCK = 0x656d6f6a69L; // "emoji"

  private WarehouseSchema() {}

  /**
   * Brings the database to the newest version this code knows. Uses only {@code connection}
   * (never closes it) and leaves its auto-commit as it found it.
   *
   * @return the versions applied now, in order (empty when it was up to date)
   * @throws IllegalStateException when the database is at a version newer than this code knows
   * @throws SQLException when the database cannot be read or a script fails (that script's
   *     transaction is rolled back; the versions before it stay applied)
   */
  public static List<Integer> migrate(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    advisoryLock(connection, "pg_advisory_lock");
    try {
      int legacy = legacyVersion(connection);
      Flyway flyway = flyway(connection, legacy);
      refuseNewerSchema(flyway.info(), legacy);
      List<Integer> applied = new ArrayList<>();
      for (MigrateOutput m : flyway.migrate().migrations) {
        applied.add(Integer.valueOf(m.version));
      }
      return applied;
    } catch (FlywayException e) {
      throw asSqlException("migrating the warehouse schema", e);
    } finally {
      connection.setAutoCommit(true);
      advisoryLock(connection, "pg_advisory_unlock");
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * The version the database is at: the newest applied script (or the baseline), the legacy
   * table's version for a database not yet migrated by Flyway, 0 for a database without the
   * warehouse schema.
   */
  public static int currentVersion(Connection connection) throws SQLException {
    if (!tableExists(connection, HISTORY_TABLE)) {
      return legacyVersion(connection);
    }
    boolean autoCommit = connection.getAutoCommit();
    try {
      MigrationInfo current = flyway(connection, 0).info().current();
      return current == null || current.getVersion() == null ? 0 : Integer.parseInt(current.getVersion().getVersion());
    } catch (FlywayException e) {
      throw asSqlException("reading the warehouse schema version", e);
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static Flyway flyway(Connection connection, int baselineVersion) {
    FluentConfiguration config = Flyway.configure(WarehouseSchema.class.getClassLoader())
        .dataSource(new OneConnection(connection))
        .locations(LOCATION)
        .failOnMissingLocations(true)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion(Integer.toString(baselineVersion))
        .baselineDescription(baselineVersion == 0
            ? "warehouse schema into a database with other tables"
            : "warehouse schema of the migrator before Flyway")
        // The scripts are plain SQL: a "${" in a string literal must not be taken for a placeholder.
        .placeholderReplacement(false);
    // One connection is all the caller gives: with a session-level advisory lock (instead of a
    // transaction-level one) Flyway takes the lock and migrates on that same connection. Set on
    // the extension itself: the string-map route ("flyway.postgresql.transactional.lock") needs
    // Jackson 3, whose annotations (2.20 and later) Spark's pinned Jackson 2.15.2 rules out.
    config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
    return config.load();
  }

  /**
   * Flyway skips applied versions it has no script for, and baselines a legacy database at any
   * version; the warehouse refuses both when the version is newer than its newest script, as a
   * newer build may have changed what this build writes.
   */
  private static void refuseNewerSchema(MigrationInfoService info, int legacyVersion) {
    int known = 0;
    int newest = legacyVersion;
    for (MigrationInfo m : info.all()) {
      if (m.getVersion() == null) {
        continue;
      }
      int version = Integer.parseInt(m.getVersion().getVersion());
      if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
        newest = Math.max(newest, version);
      } else if (m.getState().isResolved()) {
        known = Math.max(known, version);
      }
    }
    if (newest > known) {
      throw new IllegalStateException("the database schema is at version " + newest
          + ", newer than this program's " + known + "; use a newer emoji build");
    }
  }

  private static void advisoryLock(Connection connection, String function) throws SQLException {
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.execute("SELECT " + function + "(" + MIGRATION_LOCK + ")");
    }
  }

  /**
   * A Flyway failure as the {@link SQLException} callers handle, with the SQL state of the
   * database error under it, if any (a failed script, a lost connection).
   */
  private static SQLException asSqlException(String what, FlywayException e) {
    String state = null;
    for (Throwable t = e; t != null && state == null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        state = sql.getSQLState();
      }
    }
    return new SQLException(what + ": " + e.getMessage(), state, e);
  }

  /**
   * The version recorded by the migrator before Flyway, 0 when there is none. The table is
   * recognised by its exact columns, so another tool's {@code schema_version} (Flyway 4 and
   * older used that name) is not taken for ours.
   */
  static int legacyVersion(Connection connection) throws SQLException {
    if (!tableExists(connection, LEGACY_VERSION_TABLE)) {
      return 0;
    }
    try (Statement s = connection.createStatement();
        ResultSet columns = s.executeQuery("SELECT string_agg(column_name::text, ',' ORDER BY column_name)"
            + " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '"
            + LEGACY_VERSION_TABLE + "'")) {
      columns.next();
      if (!"applied_at,script,version".equals(columns.getString(1))) {
        return 0;
      }
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + LEGACY_VERSION_TABLE)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Whether {@code table} exists in the connection's current schema. */
  private static boolean tableExists(Connection connection, String table) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass(quote_ident(current_schema()) || '." + table + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * A {@link DataSource} over the caller's connection: Flyway closes what it gets when it is
   * done, which must not close the caller's connection, so it gets a view whose {@code close()}
   * does nothing.
   */
  private record OneConnection(Connection connection) implements DataSource {

    @Override
    public Connection getConnection() {
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "close":
                return null;
              case "isClosed":
                return connection.isClosed();
              case "unwrap":
                return ((Class<?>) args[0]).isInstance(proxy) ? proxy : connection.unwrap((Class<?>) args[0]);
              default:
                try {
                  return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
            }
          });
    }

    @Override
    public Connection getConnection(String user, String password) {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
