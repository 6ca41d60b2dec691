package io.emojireactions.apps.pipeline;

import io.emojireactions.core.OutputMode;
import io.emojireactions.spark.OutputFormat;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Renders one micro-batch of windowed counts as a plain-text table, sorted by window, room and
 * emoji. In the {@link OutputFormat#EMOJI emoji} format:
 *
 * <pre>
 * -- batch 3 (update): 2 rows
 * window_start          window_end            room     emoji  count  scaled
 * 2025-10-29T22:31:00Z  2025-10-29T22:31:02Z  global   ❤️       120       1
 * </pre>
 *
 * <p>In the {@link OutputFormat#SEED seed} format, the Python job's columns and times (UTC, no
 * zone), with no room (its counts are over all rooms):
 *
 * <pre>
 * -- batch 3 (complete): 2 rows
 * window_start         window_end           emoji  reaction_count  scaled_reactions
 * 2025-10-29 22:31:00  2025-10-29 22:31:02  ❤️               3785              3785
 * </pre>
 */
public final class DebugTable {

  /** One row of the table; {@code room} is null in the seed format. */
  public record Line(Instant windowStart, Instant windowEnd, String room, String emoji, long count, long scaled) {}

  private static final Comparator<Line> ORDER = Comparator.comparing(Line::windowStart)
      .thenComparing(Line::room, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Line::emoji);

  /** The Python job's time text: {@code 2025-10-29 22:31:00}. */
  private static final DateTimeFormatter SEED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private DebugTable() {}

  /**
   * Lines from rows with window_start, window_end, emoji, reaction_count, scaled_reactions, and
   * room when the rows have one (not in the seed format).
   */
  public static List<Line> lines(List<Row> rows) {
    List<Line> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      boolean hasRoom = Arrays.asList(r.schema().fieldNames()).contains("room");
      out.add(new Line(instant(r.getAs("window_start")), instant(r.getAs("window_end")), hasRoom ? r.getAs("room") : null,
          r.getAs("emoji"), r.<Long>getAs("reaction_count"), r.<Long>getAs("scaled_reactions")));
    }
    return out;
  }

  /** The table text of batch {@code batchId} in the emoji format, ending with a newline; a headline only when empty. */
  public static String format(long batchId, OutputMode mode, List<Line> lines) {
    return format(batchId, DebugOutputMode.of(mode), OutputFormat.EMOJI, lines);
  }

  /** The table text of batch {@code batchId} in {@code format}'s columns, ending with a newline; a headline only when empty. */
  public static String format(long batchId, DebugOutputMode mode, OutputFormat format, List<Line> lines) {
    List<Line> sorted = new ArrayList<>(lines);
    sorted.sort(ORDER);
    StringBuilder sb = new StringBuilder();
    sb.append("-- batch ").append(batchId).append(" (").append(mode.sparkName()).append("): ")
        .append(sorted.size()).append(sorted.size() == 1 ? " row\n" : " rows\n");
    if (sorted.isEmpty()) {
      return sb.toString();
    }
    if (format == OutputFormat.SEED) {
      String fmt = "%-19s  %-19s  %-6s  %14s  %16s%n";
      sb.append(String.format(fmt, "window_start", "window_end", "emoji", "reaction_count", "scaled_reactions"));
      for (Line l : sorted) {
        sb.append(String.format(fmt, SEED_TIME.format(l.windowStart()), SEED_TIME.format(l.windowEnd()), l.emoji(), l.count(),
            l.scaled()));
      }
      return sb.toString();
    }
    int roomWidth = Math.max(4, sorted.stream().mapToInt(l -> l.room() == null ? 0 : l.room().length()).max().orElse(0));
    String fmt = "%-24s  %-24s  %-" + roomWidth + "s  %-6s  %10s  %10s%n";
    sb.append(String.format(fmt, "window_start", "window_end", "room", "emoji", "count", "scaled"));
    for (Line l : sorted) {
      // Emoji are wide and of varying code-unit length: pad the column by code points, approximately.
      sb.append(String.format(fmt, l.windowStart(), l.windowEnd(), l.room(), l.emoji(), l.count(), l.scaled()));
    }
    return sb.toString();
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    return (Instant) value;
  }
}
