package io.emojireactions.apps.simulate;

import io.emojireactions.core.RejectReason;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact expected outcome of a generated data set for one window size: how many valid
 * reactions fall in each (room, window, canonical emoji), and how many records must be
 * rejected for each reason. Immutable.
 *
 * @param windowSizeMs the tumbling window size the counts are for
 * @param counts reaction count per key; keys with no reactions are absent
 * @param rejects rejected-record count per reason; reasons with none are absent
 * @param total every generated record, valid or not
 */
public record GroundTruth(long windowSizeMs, Map<WindowKey, Long> counts, Map<RejectReason, Long> rejects, long total) {

  public GroundTruth {
    counts = Map.copyOf(counts);
    rejects = Map.copyOf(rejects);
  }

  /** The records a pipeline must count. */
  public long valid() {
    return total - invalid();
  }

  /** The records a pipeline must reject. */
  public long invalid() {
    return rejects.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Valid reactions per canonical emoji over all rooms and windows, sorted by emoji. */
  public Map<String, Long> countsPerEmoji() {
    Map<String, Long> perEmoji = new TreeMap<>();
    counts.forEach((key, n) -> perEmoji.merge(key.emoji(), n, Long::sum));
    return perEmoji;
  }

  /**
   * One aggregation key.
   *
   * @param room the room ({@code "global"} for records without one)
   * @param windowStartMs the window's inclusive start, epoch milliseconds
   * @param emoji the canonical (fully-qualified) emoji
   */
  public record WindowKey(String room, long windowStartMs, String emoji) implements Comparable<WindowKey> {
    @Override
    public int compareTo(WindowKey o) {
      int c = room.compareTo(o.room);
      if (c != 0) {
        return c;
      }
      c = Long.compare(windowStartMs, o.windowStartMs);
      return c != 0 ? c : emoji.compareTo(o.emoji);
    }
  }
}
