package io.emojireactions.spark;

import java.util.Locale;

/**
 * What the pipeline writes to its output topic, and with it what it counts by.
 *
 * <ul>
 *   <li>{@link #EMOJI} (the default): the output contract, counted per (room, window, emoji),
 *       keyed {@code room|emoji}:
 *       <pre>{@code {"room":"global","window_start":"2025-10-29T22:31:00Z","window_end":"2025-10-29T22:31:02Z","emoji":"❤️","reaction_count":120,"scaled_reactions":1,"final":false}}</pre>
 *   <li>{@link #SEED}: the Python system's aggregate, for consumers not yet migrated, counted per
 *       (window, emoji) over all rooms (the Python job has no rooms, so this is its own key and the
 *       counts stay exact for it), keyed by the window start text:
 *       <pre>{@code {"window_start": "2025-10-29 22:31:00", "window_end": "2025-10-29 22:31:02", "emoji": "❤️", "reaction_count": 3785, "scaled_reactions": 3785}}</pre>
 *       Times are UTC without a zone and without a fraction, so the window must be a whole number
 *       of seconds; the spacing is that of Python's {@code json.dumps}; the emoji is written as
 *       UTF-8 rather than as an escape sequence.
 * </ul>
 */
public enum OutputFormat {
  /** The output contract: room, ISO-8601 times with {@code Z}, {@code final}; key {@code room|emoji}. */
  EMOJI,
  /** The Python system's aggregate: no room, no {@code final}, naive UTC times; key = window start. */
  SEED;

  /** Parses {@code emoji} or {@code seed}, case-insensitively, surrounding blanks ignored. */
  public static OutputFormat parse(String text) {
    if (text != null) {
      switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "emoji":
          return EMOJI;
        case "seed":
          return SEED;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("output format must be 'emoji' or 'seed', but was '" + text + "'");
  }

  /** Whether rooms are counted apart: true for {@link #EMOJI}, false for {@link #SEED} (all rooms together). */
  public boolean countsPerRoom() {
    return this == EMOJI;
  }

  /** The name as flags and config files write it: {@code emoji} or {@code seed}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
