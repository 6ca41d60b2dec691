package io.emojireactions.apps.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema and the max-merge upsert against a real PostgreSQL. */
class WarehouseWriterIT {

  @AfterAll
  static void stopServers() {
    TestDatabase.stop();
  }

  static final long T0 = Instant.parse("2025-10-29T22:31:00Z").toEpochMilli();
  private Connection db;

  @BeforeEach
  void connect() throws SQLException {
    db = DriverManager.getConnection(TestDatabase.freshDatabase());
    WarehouseSchema.migrate(db);
  }

  @AfterEach
  void disconnect() throws SQLException {
    db.close();
  }

  static WindowedCount count(String room, long startMs, String emoji, long n, boolean fin) {
    return new WindowedCount(room, new TimeWindow(startMs, startMs + 2000), emoji, n, n > 1000 ? n : 1, fin);
  }

  /** The table, one line per row: room start emoji count scaled final. */
  static List<String> rows(Connection db) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT room, window_start, window_end, emoji, reaction_count, scaled_reactions, final"
            + " FROM emoji_window_counts ORDER BY room, window_start, emoji")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getObject(2, java.time.OffsetDateTime.class).toInstant() + " "
            + rs.getObject(3, java.time.OffsetDateTime.class).toInstant() + " " + rs.getString(4) + " "
            + rs.getLong(5) + " " + rs.getLong(6) + " " + rs.getBoolean(7));
      }
    }
    return rows;
  }

  @Test
  void migrationIsAppliedOnceAndRecordsItsVersions() throws SQLException {
    assertThat(WarehouseSchema.migrate(db)).isEmpty();
    assertThat(WarehouseSchema.currentVersion(db)).isEqualTo(2);
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, script, success FROM " + WarehouseSchema.HISTORY_TABLE + " ORDER BY installed_rank")) {
      rs.next();
      assertThat(rs.getString(2)).isEqualTo("V1__emoji_window_counts.sql");
      assertThat(rs.getBoolean(3)).isTrue();
      rs.next();
      assertThat(rs.getString(2)).isEqualTo("V2__minute_views.sql");
      assertThat(rs.getBoolean(3)).isTrue();
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void duplicatesReplaysAndOutOfOrderUpdatesLeaveTheMaxMergedRow() throws SQLException {
    WarehouseWriter.write(db, List.of(count("global", T0, "❤️", 120, false), count("global", T0, "🔥", 5, false)), List.of());
    // An older update redelivered, then a larger one, then the same batch replayed.
    WarehouseWriter.write(db, List.of(count("global", T0, "❤️", 95, false)), List.of());
    WarehouseWriter.write(db, List.of(count("global", T0, "❤️", 130, false), count("global", T0, "❤️", 120, false)), List.of());
    WarehouseWriter.write(db, List.of(count("global", T0, "❤️", 130, false)), List.of());
    // The final message of 🔥 with an equal count wins the tie; a later non-final equal one does not undo it.
    WarehouseWriter.write(db, List.of(count("global", T0, "🔥", 5, true)), List.of());
    WarehouseWriter.write(db, List.of(count("global", T0, "🔥", 5, false), count("global", T0, "🔥", 4, true)), List.of());
    // Another window and room arriving out of order.
    WarehouseWriter.write(db, List.of(count("r2", T0 + 2000, "😂", 1500, false)), List.of());

    assertThat(rows(db)).containsExactly(
        "global 2025-10-29T22:31:00Z 2025-10-29T22:31:02Z ❤️ 130 1 false",
        "global 2025-10-29T22:31:00Z 2025-10-29T22:31:02Z 🔥 5 1 true",
        "r2 2025-10-29T22:31:02Z 2025-10-29T22:31:04Z 😂 1500 1500 false");
  }

  @Test
  void writeReportsOnlyRowsThatChanged() throws SQLException {
    assertThat(WarehouseWriter.write(db, List.of(count("a", T0, "👍", 3, false), count("a", T0, "👍", 2, false)), List.of())).isEqualTo(1);
    assertThat(WarehouseWriter.write(db, List.of(count("a", T0, "👍", 3, false)), List.of())).isZero();
    assertThat(WarehouseWriter.write(db, List.of(count("a", T0, "👍", 4, false)), List.of())).isEqualTo(1);
  }

  @Test
  void rejectedMessagesAreStoredWithTheirReasonOnce() throws SQLException {
    WarehouseWriter.Rejected bad = new WarehouseWriter.Rejected("t", 0, 7, Warehouse.INVALID_OUTPUT_MESSAGE, "not json", new byte[] {1, 2});
    WarehouseWriter.write(db, List.of(), List.of(bad));
    WarehouseWriter.write(db, List.of(), List.of(bad)); // replayed
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT topic, kafka_offset, reason, message, count(*) OVER () FROM warehouse_rejected_messages")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(2)).isEqualTo(7);
      assertThat(rs.getString(3)).isEqualTo("INVALID_OUTPUT_MESSAGE");
      assertThat(rs.getString(4)).isEqualTo("not json");
      assertThat(rs.getLong(5)).isEqualTo(1);
    }
  }

  @Test
  void minuteViewsRankEmojisPerRoomAndMinute() throws SQLException {
    WarehouseWriter.write(db, List.of(
        count("a", T0, "🔥", 3, true), count("a", T0 + 2000, "🔥", 4, true), count("a", T0, "😂", 5, true),
        count("a", T0 + 60_000, "😂", 1, true), count("b", T0, "👍", 9, true)), List.of());
    List<String> top = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT room, minute, rank, emoji, reactions FROM emoji_top_per_minute ORDER BY room, minute, rank")) {
      while (rs.next()) {
        top.add(rs.getString(1) + " " + rs.getObject(2, java.time.OffsetDateTime.class).toInstant() + " " + rs.getInt(3) + " "
            + rs.getString(4) + " " + rs.getLong(5));
      }
    }
    assertThat(top).containsExactly(
        "a 2025-10-29T22:31:00Z 1 🔥 7",
        "a 2025-10-29T22:31:00Z 2 😂 5",
        "a 2025-10-29T22:32:00Z 1 😂 1",
        "b 2025-10-29T22:31:00Z 1 👍 9");
  }
}
