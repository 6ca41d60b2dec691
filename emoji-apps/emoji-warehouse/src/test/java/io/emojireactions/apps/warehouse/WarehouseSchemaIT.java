package io.emojireactions.apps.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The schema's versions against a real PostgreSQL: a fresh database, a database with other
 * tables, one made by the migrator the warehouse had before Flyway, one newer than this build,
 * and concurrent starts.
 */
class WarehouseSchemaIT {

  private static final List<String> SCRIPTS = List.of("V1__emoji_window_counts.sql", "V2__minute_views.sql");
  private static final long T0 = WarehouseWriterIT.T0;

  @AfterAll
  static void stopServers() {
    TestDatabase.stop();
  }

  private String url;
  private Connection db;

  @BeforeEach
  void connect() throws SQLException {
    url = TestDatabase.freshDatabase();
    db = DriverManager.getConnection(url);
  }

  @AfterEach
  void disconnect() throws SQLException {
    db.close();
  }

  /**
   * What the migrator before Flyway left: its {@code schema_version} table, created with its own
   * DDL, and the scripts up to {@code version} applied with their rows.
   */
  private void createLegacySchema(int version) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
          + "version integer PRIMARY KEY, script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      for (String script : SCRIPTS.subList(0, version)) {
        s.execute(script(script));
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
          insert.setInt(1, Integer.parseInt(script.substring(1, script.indexOf("__"))));
          insert.setString(2, script);
          insert.executeUpdate();
        }
      }
    }
  }

  private static String script(String name) {
    try (InputStream in = WarehouseSchema.class.getResourceAsStream("db/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The history, one line per row: version type script success (a baseline has its description as script). */
  private List<String> history() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, type, script, success FROM " + WarehouseSchema.HISTORY_TABLE
            + " ORDER BY installed_rank")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getBoolean(4));
      }
    }
    return rows;
  }

  private boolean relationExists(String name) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('" + name + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  @Test
  void aFreshDatabaseGetsEveryScriptInOrder() throws SQLException {
    assertThat(WarehouseSchema.currentVersion(db)).isZero();
    assertThat(WarehouseSchema.migrate(db)).containsExactly(1, 2);
    assertThat(WarehouseSchema.currentVersion(db)).isEqualTo(2);
    assertThat(history()).containsExactly(
        "1 SQL V1__emoji_window_counts.sql true",
        "2 SQL V2__minute_views.sql true");
    assertThat(relationExists(WarehouseSchema.LEGACY_VERSION_TABLE)).isFalse();
  }

  @Test
  void aWarehouseOfTheMigratorBeforeFlywayIsBaselinedAtItsVersionAndKeepsItsRows() throws SQLException {
    createLegacySchema(2);
    WarehouseWriter.write(db, List.of(WarehouseWriterIT.count("global", T0, "🔥", 7, true)), List.of());
    assertThat(WarehouseSchema.currentVersion(db)).isEqualTo(2);

    assertThat(WarehouseSchema.migrate(db)).isEmpty();

    assertThat(history()).containsExactly("2 BASELINE warehouse schema of the migrator before Flyway true");
    assertThat(WarehouseSchema.currentVersion(db)).isEqualTo(2);
    assertThat(WarehouseSchema.migrate(db)).isEmpty();
    assertThat(WarehouseWriterIT.rows(db)).containsExactly("global 2025-10-29T22:31:00Z 2025-10-29T22:31:02Z 🔥 7 1 true");
    WarehouseWriter.write(db, List.of(WarehouseWriterIT.count("global", T0, "🔥", 9, true)), List.of());
    assertThat(WarehouseWriterIT.rows(db)).containsExactly("global 2025-10-29T22:31:00Z 2025-10-29T22:31:02Z 🔥 9 1 true");
    // The legacy table stays: an older build started on this database still finds its version.
    assertThat(WarehouseSchema.legacyVersion(db)).isEqualTo(2);
  }

  @Test
  void aLegacyWarehouseAtAnOlderVersionGetsOnlyTheLaterScripts() throws SQLException {
    createLegacySchema(1);
    assertThat(relationExists("emoji_top_per_minute")).isFalse();

    assertThat(WarehouseSchema.migrate(db)).containsExactly(2);

    assertThat(history()).containsExactly(
        "1 BASELINE warehouse schema of the migrator before Flyway true",
        "2 SQL V2__minute_views.sql true");
    assertThat(relationExists("emoji_top_per_minute")).isTrue();
    assertThat(WarehouseSchema.currentVersion(db)).isEqualTo(2);
  }

  @Test
  void aDatabaseWithOtherTablesGetsEveryScript() throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE other_application (id integer PRIMARY KEY)");
      // Flyway 4 and older named its history table schema_version too; that one is not ours.
      s.execute("CREATE TABLE schema_version (installed_rank integer PRIMARY KEY, version varchar(50),"
          + " description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum integer,"
          + " installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),"
          + " execution_time integer NOT NULL, success boolean NOT NULL)");
      s.execute("INSERT INTO schema_version VALUES (1, '7', 'theirs', 'SQL', 'V7__theirs.sql', 0, 'them', now(), 1, true)");
    }

    assertThat(WarehouseSchema.migrate(db)).containsExactly(1, 2);

    assertThat(history()).containsExactly(
        "0 BASELINE warehouse schema into a database with other tables true",
        "1 SQL V1__emoji_window_counts.sql true",
        "2 SQL V2__minute_views.sql true");
    assertThat(relationExists("other_application")).isTrue();
    assertThat(WarehouseSchema.currentVersion(db)).isEqualTo(2);
  }

  @Test
  void aDatabaseNewerThanThisBuildIsRefused() throws SQLException {
    WarehouseSchema.migrate(db);
    try (Statement s = db.createStatement()) {
      s.execute("INSERT INTO " + WarehouseSchema.HISTORY_TABLE
          + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
          + " VALUES (3, '3', 'from a newer build', 'SQL', 'V3__from_a_newer_build.sql', 0, 'test', 1, true)");
    }
    assertThatThrownBy(() -> WarehouseSchema.migrate(db))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the database schema is at version 3, newer than this program's 2; use a newer emoji build");
  }

  @Test
  void aLegacyDatabaseNewerThanThisBuildIsRefused() throws SQLException {
    createLegacySchema(2);
    try (Statement s = db.createStatement()) {
      s.execute("INSERT INTO schema_version (version, script) VALUES (3, 'V3__from_a_newer_build.sql')");
    }
    assertThatThrownBy(() -> WarehouseSchema.migrate(db))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the database schema is at version 3, newer than this program's 2; use a newer emoji build");
    assertThat(relationExists(WarehouseSchema.HISTORY_TABLE)).isFalse();
  }

  @Test
  void migrateLeavesTheConnectionOpenWithItsAutoCommit() throws SQLException {
    db.setAutoCommit(false);
    assertThat(WarehouseSchema.migrate(db)).containsExactly(1, 2);
    assertThat(db.isClosed()).isFalse();
    assertThat(db.getAutoCommit()).isFalse();
    db.setAutoCommit(true);
    assertThat(WarehouseSchema.migrate(db)).isEmpty();
    assertThat(db.getAutoCommit()).isTrue();
  }

  @Test
  void concurrentStartsApplyEachScriptOnce() throws Exception {
    int starts = 3;
    CyclicBarrier together = new CyclicBarrier(starts);
    ExecutorService pool = Executors.newFixedThreadPool(starts);
    try {
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int i = 0; i < starts; i++) {
        Callable<List<Integer>> start = () -> {
          try (Connection c = DriverManager.getConnection(url)) {
            together.await(30, TimeUnit.SECONDS);
            return WarehouseSchema.migrate(c);
          }
        };
        results.add(pool.submit(start));
      }
      List<Integer> applied = new ArrayList<>();
      for (Future<List<Integer>> r : results) {
        applied.addAll(r.get(60, TimeUnit.SECONDS));
      }
      assertThat(applied).containsExactlyInAnyOrder(1, 2);
    } finally {
      pool.shutdownNow();
    }
    assertThat(history()).containsExactly(
        "1 SQL V1__emoji_window_counts.sql true",
        "2 SQL V2__minute_views.sql true");
  }
}
