package io.emojireactions.apps.alerts;

import java.time.Duration;

/**
 * The alert rule's parameters. Immutable; validated on construction (messages name the field).
 *
 * <p>Spike of (room, emoji) in window W with count {@code x}: the baseline is the exponentially
 * weighted mean {@code m} and variance {@code v} of {@code √count} over that emoji's earlier
 * windows in the room (absent = 0), and {@code z = (√x − m) / max(0.5, √v)}; an alert when
 * {@code z ≥ zThreshold} and {@code x ≥ minCount}, once the room has {@code minHistoryWindows}
 * windows of history. The square root stabilizes the variance of counts (√ of a Poisson count has
 * a standard deviation of about 1/2 whatever its mean, hence the floor), so one threshold fits
 * rare and common emojis: on raw counts, steady Zipf traffic reached z = 4.55 within 10 minutes
 * through the heavy right tail of small counts; on the root scale its maximum was 3.66.
 *
 * <p>Sentiment swing of a room in window W (see emoji-core's {@code WindowSentiment}), counted
 * only for windows with at least {@code minScoredReactions} scored reactions: an alert when
 * {@code |s − μ| ≥ minSentimentSwing} and {@code |s − μ| / max(0.05, σ) ≥ zThreshold}.
 *
 * <p>Episodes: after an alert, further alerts of the same (room, emoji) — or room sentiment — are
 * suppressed until {@code cooldown} of event time passed with no window over the threshold.
 *
 * @param alpha EWMA weight of the newest window, in (0, 1]; 0.1 ≈ the last 20 s of 2 s windows
 * @param zThreshold z-score at or above which a window is a spike or swing
 * @param minCount smallest window count that may be a spike
 * @param minHistoryWindows windows of a room's history before it may alert
 * @param cooldown event time without an over-threshold window that ends an episode
 * @param grace event time a window stays open for late updates: W is evaluated once a message
 *     for a window starting at or after {@code W.end + grace} arrived
 * @param minScoredReactions smallest number of scored reactions for a window's sentiment to count
 * @param minSentimentSwing smallest absolute change of sentiment that may alert
 */
public record AlertRules(
    double alpha,
    double zThreshold,
    long minCount,
    int minHistoryWindows,
    Duration cooldown,
    Duration grace,
    long minScoredReactions,
    double minSentimentSwing) {

  public AlertRules {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], but was " + alpha);
    }
    if (!(zThreshold > 0)) {
      throw new IllegalArgumentException("zThreshold must be > 0, but was " + zThreshold);
    }
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be >= 1, but was " + minCount);
    }
    if (minHistoryWindows < 1) {
      throw new IllegalArgumentException("minHistoryWindows must be >= 1, but was " + minHistoryWindows);
    }
    if (cooldown == null || cooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown must be >= 0, but was " + cooldown);
    }
    if (grace == null || grace.isNegative()) {
      throw new IllegalArgumentException("grace must be >= 0, but was " + grace);
    }
    if (minScoredReactions < 1) {
      throw new IllegalArgumentException("minScoredReactions must be >= 1, but was " + minScoredReactions);
    }
    if (!(minSentimentSwing > 0 && minSentimentSwing <= 2)) {
      throw new IllegalArgumentException("minSentimentSwing must be in (0, 2], but was " + minSentimentSwing);
    }
  }

  /** alpha 0.1, z ≥ 5, count ≥ 20, 10 windows of history, 30 s cool-down, 2 s grace, 20 scored reactions, swing ≥ 0.3. */
  public static AlertRules defaults() {
    return new AlertRules(0.1, 5.0, 20, 10, Duration.ofSeconds(30), Duration.ofSeconds(2), 20, 0.3);
  }

  public AlertRules withZThreshold(double z) {
    return new AlertRules(alpha, z, minCount, minHistoryWindows, cooldown, grace, minScoredReactions, minSentimentSwing);
  }

  public AlertRules withMinCount(long n) {
    return new AlertRules(alpha, zThreshold, n, minHistoryWindows, cooldown, grace, minScoredReactions, minSentimentSwing);
  }

  public AlertRules withCooldown(Duration d) {
    return new AlertRules(alpha, zThreshold, minCount, minHistoryWindows, d, grace, minScoredReactions, minSentimentSwing);
  }

  public AlertRules withGrace(Duration d) {
    return new AlertRules(alpha, zThreshold, minCount, minHistoryWindows, cooldown, d, minScoredReactions, minSentimentSwing);
  }
}
