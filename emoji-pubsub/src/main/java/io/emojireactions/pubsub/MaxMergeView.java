package io.emojireactions.pubsub;

import io.emojireactions.core.WindowedCount;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact current count per (room, window, emoji), folded from repeated update-mode messages
 * with {@link WindowedCount#mergeMax}: order and repeats do not matter, so at-least-once
 * delivery gives an exact view. Thread-safe.
 *
 * <p>Memory grows with the number of keys; call {@link #evictWindowsEndingBefore(Instant)} now and
 * then to drop old windows.
 */
public final class MaxMergeView {

  private static final Comparator<WindowedCount> ORDER = Comparator.comparing(WindowedCount::room)
      .thenComparing(WindowedCount::window)
      .thenComparing(WindowedCount::emoji);

  private final ConcurrentHashMap<WindowedCount.Key, WindowedCount> counts = new ConcurrentHashMap<>();

  /** Folds {@code count} in; returns the merged current value of its key. */
  public WindowedCount merge(WindowedCount count) {
    return counts.merge(count.key(), count, WindowedCount::mergeMax);
  }

  /** A handler that merges every message (it throws on a message that is not the output contract). */
  public MessageHandler handler() {
    return message -> merge(message.count());
  }

  /** The current value of {@code key}, or empty. */
  public Optional<WindowedCount> get(WindowedCount.Key key) {
    return Optional.ofNullable(counts.get(key));
  }

  /** Every current value, ordered by room, window, emoji. */
  public List<WindowedCount> snapshot() {
    return counts.values().stream().sorted(ORDER).toList();
  }

  /** The number of keys held. */
  public int size() {
    return counts.size();
  }

  /** Drops windows whose end is at or before {@code instant}; returns how many keys went. */
  public int evictWindowsEndingBefore(Instant instant) {
    long limit = instant.toEpochMilli();
    int before = counts.size();
    counts.values().removeIf(c -> c.window().endMs() <= limit);
    return before - counts.size();
  }
}
