package io.emojireactions.pubsub;

import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;

/** Test data: windowed counts in 2 s windows from 2025-10-29T22:31:00Z. */
final class Counts {
  static final long T0 = 1_761_777_060_000L; // 2025-10-29T22:31:00Z

  private Counts() {}

  static WindowedCount count(String room, int window, String emoji, long n) {
    return new WindowedCount(room, new TimeWindow(T0 + window * 2000L, T0 + window * 2000L + 2000L), emoji, n, n, false);
  }

  static WindowedCount count(String emoji, long n) {
    return count("global", 0, emoji, n);
  }
}
