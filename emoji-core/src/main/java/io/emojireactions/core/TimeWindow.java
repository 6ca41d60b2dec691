package io.emojireactions.core;

import java.io.Serializable;
import java.time.Instant;

/**
 * One event-time window, half-open: {@code [startMs, endMs)} in epoch milliseconds.
 *
 * <p>Immutable and thread-safe. Instances come from {@link TumblingWindows#windowFor(long)}
 * or are rebuilt from serialized output.
 *
 * @param startMs inclusive start, epoch milliseconds (may be negative)
 * @param endMs exclusive end, epoch milliseconds; greater than {@code startMs}
 */
public record TimeWindow(long startMs, long endMs) implements Comparable<TimeWindow>, Serializable {

  /**
   * A window.
   *
   * @throws IllegalArgumentException when {@code endMs <= startMs}
   */
  public TimeWindow {
    if (endMs <= startMs) {
      throw new IllegalArgumentException(
          "window end must be after its start, but start=" + startMs + " ms and end=" + endMs + " ms");
    }
  }

  /** True when {@code timestampMs} lies in {@code [startMs, endMs)}. */
  public boolean contains(long timestampMs) {
    return timestampMs >= startMs && timestampMs < endMs;
  }

  /** The inclusive start as an instant. */
  public Instant start() {
    return Instant.ofEpochMilli(startMs);
  }

  /** The exclusive end as an instant. */
  public Instant end() {
    return Instant.ofEpochMilli(endMs);
  }

  /** The length, {@code endMs - startMs}, in milliseconds; {@code > 0}. */
  public long sizeMs() {
    return endMs - startMs;
  }

  @Override
  public int compareTo(TimeWindow other) {
    int byStart = Long.compare(startMs, other.startMs);
    return byStart != 0 ? byStart : Long.compare(endMs, other.endMs);
  }

  @Override
  public String toString() {
    return "[" + start() + ", " + end() + ")";
  }
}
