package io.emojireactions.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The emoji sentiment of one room in one window.
 *
 * <p>{@code sentiment = Σ count(e)·score(e) / Σ count(e)} over the emojis {@code e} of the window
 * that the lexicon scores (the count-weighted mean score of the scored reactions), in
 * {@code [-1, 1]}; empty when none is scored. {@code unscoredShare} is the fraction of the window's
 * reactions whose emoji has no score, so a reader can tell a neutral crowd from an unscored one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param room the room
 * @param window the event-time window
 * @param reactions all reactions of the window (sum of {@code reaction_count})
 * @param scoredReactions the reactions whose emoji has a score
 * @param scoreSum {@code Σ count·score} over the scored reactions
 */
public record WindowSentiment(String room, TimeWindow window, long reactions, long scoredReactions, double scoreSum) {

  /**
   * A window's sentiment.
   *
   * @throws NullPointerException when {@code room} or {@code window} is null
   * @throws IllegalArgumentException unless {@code 0 <= scoredReactions <= reactions}
   */
  public WindowSentiment {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(window, "window");
    if (scoredReactions < 0 || reactions < scoredReactions) {
      throw new IllegalArgumentException(
          "need 0 <= scoredReactions <= reactions, but scoredReactions=" + scoredReactions + " and reactions=" + reactions);
    }
  }

  /** The count-weighted mean score of the scored reactions; empty when there are none. */
  public OptionalDouble sentiment() {
    return scoredReactions == 0 ? OptionalDouble.empty() : OptionalDouble.of(scoreSum / scoredReactions);
  }

  /** The share of reactions with no score, in [0, 1]; 0 for a window with no reactions. */
  public double unscoredShare() {
    return reactions == 0 ? 0 : (double) (reactions - scoredReactions) / reactions;
  }

  /** Per (room, window) of {@code counts}, after max-merging repeats; ordered by room, then window. */
  static List<WindowSentiment> of(SentimentLexicon lexicon, Iterable<WindowedCount> counts) {
    Map<WindowedCount.Key, WindowedCount> merged = new HashMap<>();
    for (WindowedCount c : counts) {
      merged.merge(c.key(), c, WindowedCount::mergeMax);
    }
    // Sum per window in emoji order, so the floating-point result does not depend on arrival order.
    Map<WindowedCount.Key, WindowedCount> sorted = new TreeMap<>(
        Comparator.comparing(WindowedCount.Key::room)
            .thenComparingLong(WindowedCount.Key::windowStartMs)
            .thenComparing(WindowedCount.Key::emoji));
    sorted.putAll(merged);
    List<WindowSentiment> out = new ArrayList<>();
    String room = null;
    TimeWindow window = null;
    long reactions = 0;
    long scored = 0;
    double sum = 0;
    for (WindowedCount c : sorted.values()) {
      if (window != null && !(c.room().equals(room) && c.window().equals(window))) {
        out.add(new WindowSentiment(room, window, reactions, scored, sum));
        reactions = 0;
        scored = 0;
        sum = 0;
      }
      room = c.room();
      window = c.window();
      reactions += c.reactionCount();
      OptionalDouble score = lexicon.score(c.emoji());
      if (score.isPresent()) {
        scored += c.reactionCount();
        sum += c.reactionCount() * score.getAsDouble();
      }
    }
    if (window != null) {
      out.add(new WindowSentiment(room, window, reactions, scored, sum));
    }
    return out;
  }
}
