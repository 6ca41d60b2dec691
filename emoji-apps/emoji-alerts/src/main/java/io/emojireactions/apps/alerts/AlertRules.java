package io.emojireactions.apps.alerts;

import java.time.Duration;
import java.util.Objects;

/**
 * The alert rule's parameters: immutable, validated by {@link Builder#build()}, whose messages name
 * the field and the value. Build with {@link #builder()} or {@link #defaults()}, copy with
 * {@link #toBuilder()}. A class rather than a record so that a new parameter never breaks a caller.
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
 */
public final class AlertRules {

  private final double alpha;
  private final double zThreshold;
  private final long minCount;
  private final int minHistoryWindows;
  private final Duration cooldown;
  private final Duration grace;
  private final long minScoredReactions;
  private final double minSentimentSwing;

  private AlertRules(Builder b) {
    this.alpha = b.alpha;
    this.zThreshold = b.zThreshold;
    this.minCount = b.minCount;
    this.minHistoryWindows = b.minHistoryWindows;
    this.cooldown = b.cooldown;
    this.grace = b.grace;
    this.minScoredReactions = b.minScoredReactions;
    this.minSentimentSwing = b.minSentimentSwing;
  }

  /** A builder holding {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these rules, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** alpha 0.1, z ≥ 5, count ≥ 20, 10 windows of history, 30 s cool-down, 2 s grace, 20 scored reactions, swing ≥ 0.3. */
  public static AlertRules defaults() {
    return builder().build();
  }

  /** EWMA weight of the newest window, in (0, 1]. */
  public double alpha() {
    return alpha;
  }

  /** Z-score at or above which a window is a spike or swing. */
  public double zThreshold() {
    return zThreshold;
  }

  /** Smallest window count that may be a spike. */
  public long minCount() {
    return minCount;
  }

  /** Windows of a room's history before it may alert. */
  public int minHistoryWindows() {
    return minHistoryWindows;
  }

  /** Event time without an over-threshold window that ends an episode. */
  public Duration cooldown() {
    return cooldown;
  }

  /** Event time a window stays open for late updates, {@code >= 0}. */
  public Duration grace() {
    return grace;
  }

  /** Smallest number of scored reactions for a window's sentiment to count. */
  public long minScoredReactions() {
    return minScoredReactions;
  }

  /** Smallest absolute change of sentiment that may alert. */
  public double minSentimentSwing() {
    return minSentimentSwing;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AlertRules r
        && Double.compare(alpha, r.alpha) == 0
        && Double.compare(zThreshold, r.zThreshold) == 0
        && minCount == r.minCount
        && minHistoryWindows == r.minHistoryWindows
        && cooldown.equals(r.cooldown)
        && grace.equals(r.grace)
        && minScoredReactions == r.minScoredReactions
        && Double.compare(minSentimentSwing, r.minSentimentSwing) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(alpha, zThreshold, minCount, minHistoryWindows, cooldown, grace, minScoredReactions, minSentimentSwing);
  }

  @Override
  public String toString() {
    return "AlertRules[alpha=" + alpha + ", zThreshold=" + zThreshold + ", minCount=" + minCount
        + ", minHistoryWindows=" + minHistoryWindows + ", cooldown=" + cooldown + ", grace=" + grace
        + ", minScoredReactions=" + minScoredReactions + ", minSentimentSwing=" + minSentimentSwing + "]";
  }

  /** Collects parameters, each preset to its default; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private double alpha = 0.1;
    private double zThreshold = 5.0;
    private long minCount = 20;
    private int minHistoryWindows = 10;
    private Duration cooldown = Duration.ofSeconds(30);
    private Duration grace = Duration.ofSeconds(2);
    private long minScoredReactions = 20;
    private double minSentimentSwing = 0.3;

    private Builder() {}

    private Builder(AlertRules r) {
      this.alpha = r.alpha;
      this.zThreshold = r.zThreshold;
      this.minCount = r.minCount;
      this.minHistoryWindows = r.minHistoryWindows;
      this.cooldown = r.cooldown;
      this.grace = r.grace;
      this.minScoredReactions = r.minScoredReactions;
      this.minSentimentSwing = r.minSentimentSwing;
    }

    /** EWMA weight of the newest window; 0.1 ≈ the last 20 s of 2 s windows. Default 0.1; in (0, 1]. */
    public Builder alpha(double value) {
      this.alpha = value;
      return this;
    }

    /** Z-score at or above which a window is a spike or swing. Default 5; {@code > 0}. */
    public Builder zThreshold(double value) {
      this.zThreshold = value;
      return this;
    }

    /** Smallest window count that may be a spike. Default 20; {@code >= 1}. */
    public Builder minCount(long value) {
      this.minCount = value;
      return this;
    }

    /** Windows of a room's history before it may alert. Default 10; {@code >= 1}. */
    public Builder minHistoryWindows(int value) {
      this.minHistoryWindows = value;
      return this;
    }

    /** Event time without an over-threshold window that ends an episode. Default 30 s; {@code >= 0}, not null. */
    public Builder cooldown(Duration value) {
      this.cooldown = value;
      return this;
    }

    /**
     * Event time a window stays open for late updates: W is evaluated once a message for a window
     * starting at or after {@code W.end + grace} arrived. Default 2 s; {@code >= 0}, not null.
     */
    public Builder grace(Duration value) {
      this.grace = value;
      return this;
    }

    /** Smallest number of scored reactions for a window's sentiment to count. Default 20; {@code >= 1}. */
    public Builder minScoredReactions(long value) {
      this.minScoredReactions = value;
      return this;
    }

    /** Smallest absolute change of sentiment that may alert. Default 0.3; in (0, 2]. */
    public Builder minSentimentSwing(double value) {
      this.minSentimentSwing = value;
      return this;
    }

    /**
     * The rules.
     *
     * @throws IllegalArgumentException naming the first invalid field and its value
     */
    public AlertRules build() {
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
      return new AlertRules(this);
    }
  }
}
