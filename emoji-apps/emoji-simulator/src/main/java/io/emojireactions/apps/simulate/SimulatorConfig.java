package io.emojireactions.apps.simulate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one simulator run sends: immutable, validated by {@link Builder#build()}, whose messages name
 * the field and the value. Build with {@link #builder()}, copy with {@link #toBuilder()}. A class
 * rather than a record so that a new setting never breaks a caller; the {@code emoji simulate}
 * flags, environment and config file map onto the builder. The same config sends the same
 * reactions (see {@link #seed()}).
 */
public final class SimulatorConfig {

  private final double rate;
  private final Duration duration;
  private final long count;
  private final int users;
  private final int rooms;
  private final List<String> emojis;
  private final double zipf;
  private final String burstEmoji;
  private final double burstShare;
  private final double lateFraction;
  private final Duration lateBy;
  private final double invalidFraction;
  private final long seed;
  private final Duration window;

  private SimulatorConfig(Builder b, List<String> emojis) {
    this.rate = b.rate;
    this.duration = b.duration;
    this.count = b.count;
    this.users = b.users;
    this.rooms = b.rooms;
    this.emojis = emojis;
    this.zipf = b.zipf;
    this.burstEmoji = b.burstEmoji;
    this.burstShare = b.burstShare;
    this.lateFraction = b.lateFraction;
    this.lateBy = b.lateBy;
    this.invalidFraction = b.invalidFraction;
    this.seed = b.seed;
    this.window = b.window;
  }

  /**
   * A builder holding the defaults: 1,000/s, no duration, 10,000 reactions, 10,000 users, 3 rooms,
   * the top 30 emojis, Zipf 1.0, no burst, nothing late or invalid, seed 42, 2 s windows.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults, {@code builder().build()}. */
  public static SimulatorConfig defaults() {
    return builder().build();
  }

  /** A builder holding this config's settings, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
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

  /** Reactions per second; 0 = as fast as the target takes them. */
  public double rate() {
    return rate;
  }

  /** Stop after this long (wall clock); null = bounded by {@link #count()} only. */
  public Duration duration() {
    return duration;
  }

  /** Reactions to send at most; 0 = rate × duration. */
  public long count() {
    return count;
  }

  /** Distinct user ids. */
  public int users() {
    return users;
  }

  /** Rooms {@code room-1..room-n}; 0 = no room field. */
  public int rooms() {
    return rooms;
  }

  /** The emojis, most popular first; unmodifiable. */
  public List<String> emojis() {
    return emojis;
  }

  /** Popularity skew (0 = uniform). */
  public double zipf() {
    return zipf;
  }

  /** The spike's emoji, or null for no spike. */
  public String burstEmoji() {
    return burstEmoji;
  }

  /** The spike's share of reactions during it, 0..1. */
  public double burstShare() {
    return burstShare;
  }

  /** Share of valid reactions stamped {@link #lateBy()} in the past. */
  public double lateFraction() {
    return lateFraction;
  }

  /** How far in the past late reactions are stamped. */
  public Duration lateBy() {
    return lateBy;
  }

  /** Share of invalid records. */
  public double invalidFraction() {
    return invalidFraction;
  }

  /** The random seed. */
  public long seed() {
    return seed;
  }

  /** The window size of the ground truth. */
  public Duration window() {
    return window;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SimulatorConfig c
        && Double.compare(rate, c.rate) == 0
        && Objects.equals(duration, c.duration)
        && count == c.count
        && users == c.users
        && rooms == c.rooms
        && emojis.equals(c.emojis)
        && Double.compare(zipf, c.zipf) == 0
        && Objects.equals(burstEmoji, c.burstEmoji)
        && Double.compare(burstShare, c.burstShare) == 0
        && Double.compare(lateFraction, c.lateFraction) == 0
        && lateBy.equals(c.lateBy)
        && Double.compare(invalidFraction, c.invalidFraction) == 0
        && seed == c.seed
        && window.equals(c.window);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rate, duration, count, users, rooms, emojis, zipf, burstEmoji, burstShare, lateFraction, lateBy,
        invalidFraction, seed, window);
  }

  @Override
  public String toString() {
    return "SimulatorConfig[rate=" + rate + ", duration=" + duration + ", count=" + count + ", users=" + users
        + ", rooms=" + rooms + ", emojis=" + emojis + ", zipf=" + zipf + ", burstEmoji=" + burstEmoji
        + ", burstShare=" + burstShare + ", lateFraction=" + lateFraction + ", lateBy=" + lateBy
        + ", invalidFraction=" + invalidFraction + ", seed=" + seed + ", window=" + window + "]";
  }

  /** Collects settings, each preset to its default; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private double rate = 1_000;
    private Duration duration;
    private long count = 10_000;
    private int users = 10_000;
    private int rooms = 3;
    private List<String> emojis = ReactionGenerator.DEFAULT_EMOJIS;
    private double zipf = 1.0;
    private String burstEmoji;
    private double burstShare = 0.5;
    private double lateFraction;
    private Duration lateBy = Duration.ofSeconds(30);
    private double invalidFraction;
    private long seed = 42;
    private Duration window = Duration.ofSeconds(2);

    private Builder() {}

    private Builder(SimulatorConfig c) {
      this.rate = c.rate;
      this.duration = c.duration;
      this.count = c.count;
      this.users = c.users;
      this.rooms = c.rooms;
      this.emojis = c.emojis;
      this.zipf = c.zipf;
      this.burstEmoji = c.burstEmoji;
      this.burstShare = c.burstShare;
      this.lateFraction = c.lateFraction;
      this.lateBy = c.lateBy;
      this.invalidFraction = c.invalidFraction;
      this.seed = c.seed;
      this.window = c.window;
    }

    /** Reactions per second; 0 = as fast as the target takes them. Default 1,000; finite, {@code >= 0}. */
    public Builder rate(double value) {
      this.rate = value;
      return this;
    }

    /** Stop after this long (wall clock). Default null: bounded by {@link #count(long)} only; when set, {@code > 0}. */
    public Builder duration(Duration value) {
      this.duration = value;
      return this;
    }

    /**
     * Reactions to send at most; 0 = rate × duration (the run must then have both). Default 10,000;
     * {@code >= 0}.
     */
    public Builder count(long value) {
      this.count = value;
      return this;
    }

    /** Distinct user ids. Default 10,000; {@code >= 1}. */
    public Builder users(int value) {
      this.users = value;
      return this;
    }

    /** Rooms {@code room-1..room-n}; 0 = no room field (all count in {@code global}). Default 3; {@code >= 0}. */
    public Builder rooms(int value) {
      this.rooms = value;
      return this;
    }

    /** The emojis, most popular first. Default {@link ReactionGenerator#DEFAULT_EMOJIS}; not empty, no null element. */
    public Builder emojis(List<String> value) {
      this.emojis = value;
      return this;
    }

    /** Popularity skew; 0 = uniform. Default 1.0; finite, {@code >= 0}. */
    public Builder zipf(double value) {
      this.zipf = value;
      return this;
    }

    /**
     * A spike: during the middle fifth of the run {@link #burstShare(double)} of the reactions are
     * this emoji. Default null, no spike; when set, not blank.
     */
    public Builder burstEmoji(String value) {
      this.burstEmoji = value;
      return this;
    }

    /** The spike's share of reactions during it. Default 0.5; 0..1. */
    public Builder burstShare(double value) {
      this.burstShare = value;
      return this;
    }

    /** Share of valid reactions stamped {@link #lateBy(Duration)} in the past (late data). Default 0; 0..1. */
    public Builder lateFraction(double value) {
      this.lateFraction = value;
      return this;
    }

    /** How far in the past late reactions are stamped. Default 30 s; {@code >= 0}. */
    public Builder lateBy(Duration value) {
      this.lateBy = value;
      return this;
    }

    /** Share of invalid records (one kind per core reject reason). Default 0; 0..1. */
    public Builder invalidFraction(double value) {
      this.invalidFraction = value;
      return this;
    }

    /** The random seed: the same config sends the same reactions. Default 42; any value. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** The window size of the ground truth. Default 2 s; {@code > 0}. */
    public Builder window(Duration value) {
      this.window = value;
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException naming the first invalid field and its value
     */
    public SimulatorConfig build() {
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
      // Not contains(null): immutable lists throw on it.
      if (emojis == null || emojis.isEmpty() || emojis.stream().anyMatch(Objects::isNull)) {
        throw new IllegalArgumentException("emojis must not be empty or hold null, but was " + emojis);
      }
      if (!(zipf >= 0) || Double.isInfinite(zipf)) {
        throw new IllegalArgumentException("zipf must be a finite number >= 0, but was " + zipf);
      }
      if (burstEmoji != null && burstEmoji.isBlank()) {
        throw new IllegalArgumentException("burstEmoji must not be blank when set, but was '" + burstEmoji + "'");
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
      return new SimulatorConfig(this, List.copyOf(emojis));
    }

    private static void fraction(String name, double v) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException(name + " must be in 0..1, but was " + v);
      }
    }
  }
}
