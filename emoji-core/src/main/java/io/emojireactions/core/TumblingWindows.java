package io.emojireactions.core;

import java.io.Serializable;
import java.time.Duration;

/**
 * The definition of tumbling event-time windows of one size, aligned to the epoch exactly as
 * Spark's {@code window(col, "2 seconds")} aligns them.
 *
 * <p>Immutable and thread-safe. Window <em>instances</em> are {@link TimeWindow}s.
 */
public final class TumblingWindows implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long sizeMs;

  private TumblingWindows(long sizeMs) {
    this.sizeMs = sizeMs;
  }

  /**
   * Windows of {@code size}; must be positive and a whole number of milliseconds.
   *
   * @throws IllegalArgumentException naming the bad size
   */
  public static TumblingWindows of(Duration size) {
    if (size == null || size.isNegative() || size.isZero()) {
      throw new IllegalArgumentException("window size must be positive, but was " + size);
    }
    if (size.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "window size must be a whole number of milliseconds, but was " + size);
    }
    return new TumblingWindows(size.toMillis());
  }

  /**
   * The start of the window of size {@code sizeMs} that holds {@code timestampMs}: the one
   * alignment rule of the project. Correct for negative timestamps (before 1970).
   */
  public static long windowStart(long timestampMs, long sizeMs) {
    return timestampMs - Math.floorMod(timestampMs, sizeMs);
  }

  /** The window that holds {@code timestampMs}. */
  public TimeWindow windowFor(long timestampMs) {
    long start = windowStart(timestampMs, sizeMs);
    return new TimeWindow(start, start + sizeMs);
  }

  /** The window size in milliseconds; {@code > 0}. */
  public long sizeMs() {
    return sizeMs;
  }

  /** The window size. */
  public Duration size() {
    return Duration.ofMillis(sizeMs);
  }

  @Override
  public String toString() {
    return "TumblingWindows(" + size() + ")";
  }
}
