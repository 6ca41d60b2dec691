package io.emojireactions.apps.simulate;

import io.emojireactions.apps.simulate.ReactionGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one simulator run sends, validated when built; messages name the field and the value.
 *
 * @param rate reactions per second; 0 = as fast as the target takes them
 * @param duration stop after this long (wall clock); null = bounded by {@code count} only
 * @param count reactions to send at most; with a rate and a duration and no count given, rate ×
 *     duration
 * @param users distinct user ids
 * @param rooms rooms {@code room-1..room-n}; 0 = no room field (all count in {@code global})
 * @param emojis the emojis, most popular first
 * @param zipf popularity skew (0 = uniform)
 * @param burstEmoji when not null, a spike: during the middle fifth of the run this share of
 *     reactions is this emoji
 * @param burstShare the spike's share, 0..1
 * @param lateFraction share of valid reactions stamped {@code lateBy} in the past (late data)
 * @param lateBy how far in the past late reactions are stamped
 * @param invalidFraction share of invalid records (one kind per core reject reason)
 * @param seed the random seed: the same config sends the same reactions
 * @param window the window size of the ground truth file
 */
public record SimulatorConfig(
    double rate,
    Duration duration,
    long count,
    int users,
    int rooms,
    List<String> emojis,
    double zipf,
    String burstEmoji,
    double burstShare,
    double lateFraction,
    Duration lateBy,
    double invalidFraction,
    long seed,
    Duration window) {

  public SimulatorConfig {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be a finite number >= 0, but was " + rate);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration must be > 0, but was " + duration);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, but was " + count);
    }
    if (users < 1) {
      throw new IllegalArgumentException("users must be >= 1, but was " + users);
    }
    if (rooms < 0) {
      throw new IllegalArgumentException("rooms must be >= 0, but was " + rooms);
    }
    emojis = List.copyOf(Objects.requireNonNull(emojis, "emojis"));
    if (emojis.isEmpty()) {
      throw new IllegalArgumentException("emojis must not be empty");
    }
    if (!(zipf >= 0) || Double.isInfinite(zipf)) {
      throw new IllegalArgumentException("zipf must be a finite number >= 0, but was " + zipf);
    }
    fraction("burstShare", burstShare);
    fraction("lateFraction", lateFraction);
    fraction("invalidFraction", invalidFraction);
    if (lateBy == null || lateBy.isNegative()) {
      throw new IllegalArgumentException("lateBy must be >= 0, but was " + lateBy);
    }
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be > 0, but was " + window);
    }
  }

  private static void fraction(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in 0..1, but was " + v);
    }
  }

  /** Defaults: 1,000/s, 10,000 reactions, 10,000 users, 3 rooms, the top 30 emojis, Zipf 1.0, no burst, nothing late or invalid, 2 s windows. */
  public static SimulatorConfig defaults() {
    return new SimulatorConfig(1_000, null, 10_000, 10_000, 3, ReactionGenerator.DEFAULT_EMOJIS, 1.0, null, 0.5, 0,
        Duration.ofSeconds(30), 0, 42, Duration.ofSeconds(2));
  }

  /** The number of reactions this run sends: {@code count}, or rate × duration when count is 0. */
  public long effectiveCount() {
    if (count > 0) {
      return count;
    }
    if (duration != null && rate > 0) {
      return Math.max(1, (long) Math.ceil(rate * duration.toNanos() / 1e9));
    }
    throw new IllegalArgumentException("give a count, or a rate and a duration: the run must be bounded");
  }

  public SimulatorConfig withRate(double v) {
    return new SimulatorConfig(v, duration, count, users, rooms, emojis, zipf, burstEmoji, burstShare, lateFraction, lateBy, invalidFraction, seed, window);
  }

  public SimulatorConfig withDuration(Duration v) {
    return new SimulatorConfig(rate, v, count, users, rooms, emojis, zipf, burstEmoji, burstShare, lateFraction, lateBy, invalidFraction, seed, window);
  }

  public SimulatorConfig withCount(long v) {
    return new SimulatorConfig(rate, duration, v, users, rooms, emojis, zipf, burstEmoji, burstShare, lateFraction, lateBy, invalidFraction, seed, window);
  }

  public SimulatorConfig withPopulation(int usersValue, int roomsValue, List<String> emojisValue, double zipfValue) {
    return new SimulatorConfig(rate, duration, count, usersValue, roomsValue, emojisValue, zipfValue, burstEmoji, burstShare, lateFraction, lateBy, invalidFraction, seed, window);
  }

  public SimulatorConfig withBurst(String emoji, double share) {
    return new SimulatorConfig(rate, duration, count, users, rooms, emojis, zipf, emoji, share, lateFraction, lateBy, invalidFraction, seed, window);
  }

  public SimulatorConfig withLate(double fraction, Duration by) {
    return new SimulatorConfig(rate, duration, count, users, rooms, emojis, zipf, burstEmoji, burstShare, fraction, by, invalidFraction, seed, window);
  }

  public SimulatorConfig withInvalidFraction(double v) {
    return new SimulatorConfig(rate, duration, count, users, rooms, emojis, zipf, burstEmoji, burstShare, lateFraction, lateBy, v, seed, window);
  }

  public SimulatorConfig withSeed(long v) {
    return new SimulatorConfig(rate, duration, count, users, rooms, emojis, zipf, burstEmoji, burstShare, lateFraction, lateBy, invalidFraction, v, window);
  }

  public SimulatorConfig withWindow(Duration v) {
    return new SimulatorConfig(rate, duration, count, users, rooms, emojis, zipf, burstEmoji, burstShare, lateFraction, lateBy, invalidFraction, seed, v);
  }
}
