package io.emojireactions.apps.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The warehouse schema as plain versioned SQL: the scripts {@link #MIGRATIONS} (class-path
 * resources {@code io/emojireactions/apps/warehouse/db/V<n>__<what>.sql}) are applied in version
 * order, each in its own transaction together with its row in {@code schema_version}, so a
 * database is always at a whole version. Concurrent migrators serialize on a transaction-scoped
 * advisory lock. Applied scripts are never edited: a change is a new {@code V<n+1>} script.
 */
public final class WarehouseSchema {

  /** The scripts, in the order they apply. */
  public static final List<String> MIGRATIONS = List.of("V1__emoji_window_counts.sql", "V2__minute_views.sql");

  private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
  private static final long LOCK_KEY = 0x656d6f6a69L; // "emoji"

  private WarehouseSchema() {}

  /** The newest version this code knows. */
  public static int latestVersion() {
    return version(MIGRATIONS.get(MIGRATIONS.size() - 1));
  }

  /**
   * Brings the database to {@link #latestVersion()}. Leaves {@code connection}'s auto-commit as
   * it found it.
   *
   * @return the versions applied now (empty when it was up to date)
   * @throws IllegalStateException when the database is at a version newer than this code knows
   */
  public static List<Integer> migrate(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    List<Integer> applied = new ArrayList<>();
    try {
      connection.setAutoCommit(true);
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
            + "version integer PRIMARY KEY, script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      }
      connection.setAutoCommit(false);
      for (String script : MIGRATIONS) {
        int version = version(script);
        try (Statement s = connection.createStatement()) {
          s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
          int current = currentVersion(connection);
          if (current > latestVersion()) {
            throw new IllegalStateException("the database schema is at version " + current
                + ", newer than this program's " + latestVersion() + "; use a newer emoji build");
          }
          if (version <= current) {
            connection.rollback(); // releases the lock
            continue;
          }
          s.execute(read(script));
          try (PreparedStatement insert = connection.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
            insert.setInt(1, version);
            insert.setString(2, script);
            insert.executeUpdate();
          }
          connection.commit();
          applied.add(version);
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        }
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    return applied;
  }

  /** The version the database is at; 0 for an empty one. */
  public static int currentVersion(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static int version(String script) {
    Matcher m = NAME.matcher(script);
    if (!m.matches()) {
      throw new IllegalArgumentException("migration script name must look like V<n>__<what>.sql, but was " + script);
    }
    return Integer.parseInt(m.group(1));
  }

  private static String read(String script) {
    String path = "db/" + script;
    try (InputStream in = WarehouseSchema.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("migration " + path + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading migration " + path, e);
    }
  }
}
