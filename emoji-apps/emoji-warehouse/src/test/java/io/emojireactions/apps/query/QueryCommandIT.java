package io.emojireactions.apps.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.query.QueryCommand;
import io.emojireactions.apps.warehouse.TestDatabase;
import io.emojireactions.apps.warehouse.WarehouseSchema;
import io.emojireactions.apps.warehouse.WarehouseWriter;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code emoji query} against a real PostgreSQL holding a known data set. */
class QueryCommandIT {

  @AfterAll
  static void stopServers() {
    TestDatabase.stop();
  }

  private static final long T0 = Instant.parse("2025-10-29T22:31:00Z").toEpochMilli();
  private static String url;

  private static WindowedCount c(String room, long startMs, String emoji, long n) {
    return new WindowedCount(room, new TimeWindow(startMs, startMs + 2000), emoji, n, 1, true);
  }

  @BeforeAll
  static void load() throws Exception {
    url = TestDatabase.freshDatabase();
    try (Connection db = DriverManager.getConnection(url)) {
      WarehouseSchema.migrate(db);
      List<WindowedCount> rows = new ArrayList<>();
      // Minute 22:31: 🔥 3+4, 😂 5, ❤️ 6; minute 22:32: 😂 2; minute 22:41: ❤️ 1 (the newest window).
      rows.add(c("a", T0, "🔥", 3));
      rows.add(c("a", T0 + 2000, "🔥", 4));
      rows.add(c("a", T0, "😂", 5));
      rows.add(c("a", T0 + 4000, "❤️", 6));
      rows.add(c("a", T0 + 60_000, "😂", 2));
      rows.add(c("b", T0, "🔥", 100));
      rows.add(c("a", T0 + 600_000, "❤️", 1));
      WarehouseWriter.write(db, rows, List.of());
    }
  }

  private record Out(int code, String out, String err) {}

  private static Out top(String room, String last, int limit, String until) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = QueryCommand.top(url, room, last, limit, until, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Out timeline(String emoji, String room, String last, String until) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = QueryCommand.timeline(url, emoji, room, last, until, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void topListsTheTopEmojisPerMinuteOfTheRoom() {
    Out result = top("a", "2m", 2, "2025-10-29T22:33:00Z");
    assertThat(result.code()).isZero();
    assertThat(result.out()).isEqualTo("""
        minute\trank\temoji\treactions
        2025-10-29T22:31:00Z\t1\t🔥\t7
        2025-10-29T22:31:00Z\t2\t❤️\t6
        2025-10-29T22:32:00Z\t1\t😂\t2
        """);
  }

  @Test
  void lastCountsBackFromTheNewestWindowByDefault() {
    // The newest window ends 22:41:02; 10 minutes back is 22:31:02, inside minute 22:31, which overlaps.
    Out result = top("a", "10m", 1, null);
    assertThat(result.out()).isEqualTo("""
        minute\trank\temoji\treactions
        2025-10-29T22:31:00Z\t1\t🔥\t7
        2025-10-29T22:32:00Z\t1\t😂\t2
        2025-10-29T22:41:00Z\t1\t❤️\t1
        """);
    // 9 minutes back (22:32:02) leaves minute 22:31 out.
    assertThat(top("a", "9m", 1, null).out()).doesNotContain("22:31:00Z");
  }

  @Test
  void timelineSumsRoomsPerMinuteAndAcceptsAnySpellingOfTheEmoji() {
    assertThat(timeline("🔥", null, "1h", null).out()).isEqualTo("""
        minute\treactions
        2025-10-29T22:31:00Z\t107
        """);
    assertThat(timeline("🔥", "a", "1h", null).out()).isEqualTo("""
        minute\treactions
        2025-10-29T22:31:00Z\t7
        """);
    assertThat(timeline("\u2764", null, "1h", null).out()).isEqualTo("""
        minute\treactions
        2025-10-29T22:31:00Z\t6
        2025-10-29T22:41:00Z\t1
        """);
  }

  @Test
  void badArgumentsAreRejectedWithTheirReason() {
    Out span = top("a", "ten minutes", 5, null);
    assertThat(span.code()).isEqualTo(2);
    assertThat(span.err()).contains("span must be a positive number with s, m, h or d (10m, 1h) or ISO-8601 (PT10M), but was 'ten minutes'");
    Out emoji = timeline("fire", null, "1h", null);
    assertThat(emoji.code()).isEqualTo(2);
    assertThat(emoji.err()).contains("--emoji must be exactly one emoji, but was 'fire'");
    Out until = top("a", "1h", 5, "yesterday");
    assertThat(until.err()).contains("--until must be an ISO-8601 instant");
  }
}
