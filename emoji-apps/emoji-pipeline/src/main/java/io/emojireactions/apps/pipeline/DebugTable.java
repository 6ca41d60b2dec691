package io.emojireactions.apps.pipeline;

import io.emojireactions.core.OutputMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Renders one micro-batch of windowed counts as a plain-text table, sorted by window, room and
 * emoji:
 *
 * <pre>
 * -- batch 3 (update): 2 rows
 * window_start          window_end            room     emoji  count  scaled
 * 2025-10-29T22:31:00Z  2025-10-29T22:31:02Z  global   ❤️       120       1
 * </pre>
 */
public final class DebugTable {

  /** One row of the table. */
  public record Line(Instant windowStart, Instant windowEnd, String room, String emoji, long count, long scaled) {}

  private static final Comparator<Line> ORDER = Comparator.comparing(Line::windowStart)
      .thenComparing(Line::room).thenComparing(Line::emoji);

  private DebugTable() {}

  /** Lines from rows with room, window_start, window_end, emoji, reaction_count, scaled_reactions. */
  public static List<Line> lines(List<Row> rows) {
    List<Line> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(new Line(instant(r.getAs("window_start")), instant(r.getAs("window_end")), r.getAs("room"),
          r.getAs("emoji"), r.<Long>getAs("reaction_count"), r.<Long>getAs("scaled_reactions")));
    }
    return out;
  }

  /** The table text of batch {@code batchId}, ending with a newline; a header only when empty. */
  public static String format(long batchId, OutputMode mode, List<Line> lines) {
    List<Line> sorted = new ArrayList<>(lines);
    sorted.sort(ORDER);
    int roomWidth = Math.max(4, sorted.stream().mapToInt(l -> l.room().length()).max().orElse(0));
    StringBuilder sb = new StringBuilder();
    sb.append("-- batch ").append(batchId).append(" (").append(mode.name().toLowerCase()).append("): ")
        .append(sorted.size()).append(sorted.size() == 1 ? " row\n" : " rows\n");
    if (sorted.isEmpty()) {
      return sb.toString();
    }
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
