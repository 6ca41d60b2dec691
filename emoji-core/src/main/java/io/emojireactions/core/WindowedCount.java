package io.emojireactions.core;

import java.io.Serializable;
import java.util.Objects;

/**
 * The count of one emoji in one room and window: the unit of output on
 * {@code emoji_main_publisher} and every fan-out topic.
 *
 * <p>In update mode the same (room, window, emoji) is emitted again with a higher
 * {@code reactionCount} whenever it changes; {@link #mergeMax(WindowedCount)} folds such
 * repeats into the exact current value (the max-merge rule).
 *
 * <p>Immutable and thread-safe; {@code room}, {@code window} and {@code emoji} are never null.
 *
 * @param room the room
 * @param window the event-time window
 * @param emoji the normalized emoji
 * @param reactionCount number of valid, on-time reactions; at least 1
 * @param scaledReactions {@code reactionCount} mapped by the configured {@link ScalingPolicy}
 * @param isFinal true when the window is closed (append mode, or past the watermark)
 */
public record WindowedCount(
    String room, TimeWindow window, String emoji, long reactionCount, long scaledReactions, boolean isFinal)
    implements Serializable {

  /**
   * A count; the parameters in this order: room, window, emoji, reaction count, scaled reactions,
   * is-final.
   *
   * @throws NullPointerException when {@code room}, {@code window} or {@code emoji} is null
   * @throws IllegalArgumentException when {@code reactionCount < 0}
   */
  public WindowedCount {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(emoji, "emoji");
    if (reactionCount < 0) {
      throw new IllegalArgumentException("reactionCount must be >= 0, but was " + reactionCount);
    }
  }

  /** The identity that repeated update-mode messages share. */
  public Key key() {
    return new Key(room, window.startMs(), emoji);
  }

  /**
   * The max-merge rule: of two messages for the same key, the one with the larger count wins
   * (counts only grow); a final message wins a tie.
   */
  public WindowedCount mergeMax(WindowedCount other) {
    if (!key().equals(other.key())) {
      throw new IllegalArgumentException("cannot merge different keys " + key() + " and " + other.key());
    }
    if (other.reactionCount > reactionCount) {
      return other;
    }
    if (other.reactionCount == reactionCount && other.isFinal && !isFinal) {
      return other;
    }
    return this;
  }

  /** (room, window start, emoji): the aggregation key and the max-merge key. */
  public record Key(String room, long windowStartMs, String emoji) implements Serializable {}
}
