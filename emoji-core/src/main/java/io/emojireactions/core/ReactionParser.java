package io.emojireactions.core;

import io.emojireactions.core.internal.ReactionReader;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Turns the bytes of one input record (the {@code emoji_reactions} JSON contract) into a
 * {@link ParseResult}. This class holds every validation rule of the project: the Spark
 * transforms, the ingest API and the relay all call it, none re-implements it.
 *
 * <p>Never throws on any byte input (null included): every problem is a {@link
 * ParseResult.Rejected} with a {@link RejectReason}. Thread-safe; one instance may be shared.
 * Serializable (only the config travels), so Spark closures may capture it.
 *
 * <p>The rules (docs/semantics.md has them with examples):
 * <ul>
 *   <li>Longer than {@link Config#maxRecordBytes()}: {@code TOO_LARGE}, checked before parsing.
 *   <li>Not exactly one UTF-8 JSON value (truncated, trailing data, invalid UTF-8, UTF-16,
 *       duplicate keys, nesting deeper than 32, NaN): {@code MALFORMED_JSON}. Not an object:
 *       {@code BAD_FIELD_TYPE}.
 *   <li>Fields are checked in the order {@code user_id}, {@code emoji_type}, {@code timestamp},
 *       {@code room}; the first problem wins. Absent or {@code null} required field:
 *       {@code MISSING_FIELD}; wrong JSON type: {@code BAD_FIELD_TYPE}.
 *   <li>{@code user_id}: 1..128 code points, no control characters or unpaired surrogates
 *       ({@code BAD_FIELD_VALUE}). {@code room}: optional (absent or null means {@code global}),
 *       same rules. {@code emoji_type}: {@link EmojiNormalizer} ({@code NOT_AN_EMOJI}).
 *   <li>{@code timestamp}: ISO-8601 {@code yyyy-MM-ddTHH:mm[:ss[.f{1,9}]][Z|±HH:MM|±HHMM|±HH]},
 *       with a {@code T} or one space between date and time (no zone: read in
 *       {@link Config#defaultZone()}), or an epoch number whose unit its magnitude gives: seconds
 *       below 1e11, milliseconds below 1e14, microseconds below 1e17, nanoseconds below 1e20 (a
 *       fraction is allowed in every unit). A negative number, a number of 1e20 or more, any
 *       other text, or a date-time outside 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z is
 *       {@code BAD_TIMESTAMP}. Event time is floored to the millisecond. With
 *       {@link Config#maxFutureSkew()} set, later than clock + skew is {@code FUTURE_TIMESTAMP}.
 *   <li>Last, the room the reaction is counted under ({@code global} when absent) must be allowed
 *       by {@link Config#roomPolicy()}, else {@code ROOM_NOT_ALLOWED}.
 *   <li>Unknown fields are ignored.
 * </ul>
 */
public final class ReactionParser implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Config config;
  /** Rebuilt from {@code config} after deserialization (Spark ships parsers to executors). */
  private final transient ReactionReader reader;

  private ReactionParser(Config config) {
    this.config = config;
    this.reader = new ReactionReader(config);
  }

  /** A parser with the default configuration ({@link Config#defaults()}). */
  public static ReactionParser create() {
    return new ReactionParser(Config.defaults());
  }

  /**
   * A parser with {@code config}.
   *
   * @throws NullPointerException when {@code config} is null
   */
  public static ReactionParser create(Config config) {
    return new ReactionParser(Objects.requireNonNull(config, "config"));
  }

  /** The settings this parser applies; never null. */
  public Config config() {
    return config;
  }

  private Object readResolve() {
    return new ReactionParser(config);
  }

  /** Parses one record value. */
  public ParseResult parse(byte[] json) {
    return reader.parse(json);
  }

  /**
   * Parser settings: immutable, validated by {@link Builder#build()}, whose messages name the field
   * and the value. Build with {@link #builder()}, copy with {@link #toBuilder()}. A class rather
   * than a record so that a new setting never breaks a caller. Serializable (Spark ships parsers to
   * executors); a deserialized config is validated again.
   *
   * <p>Two configs are equal when every setting is, the clock included.
   */
  public static final class Config implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The default of {@link #maxRecordBytes()}, in bytes. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 4096;

    private final int maxRecordBytes;
    private final ZoneId defaultZone;
    private final boolean foldSkinTones;
    private final Duration maxFutureSkew;
    private final Clock clock;
    private final RoomPolicy roomPolicy;

    private Config(Builder b) {
      this.maxRecordBytes = b.maxRecordBytes;
      this.defaultZone = b.defaultZone;
      this.foldSkinTones = b.foldSkinTones;
      this.maxFutureSkew = b.maxFutureSkew;
      this.clock = b.clock;
      this.roomPolicy = b.roomPolicy;
    }

    /**
     * A builder holding the defaults: 4096 bytes, UTC, no folding, no future-skew check, the UTC
     * system clock, every room allowed.
     */
    public static Builder builder() {
      return new Builder();
    }

    /** The defaults, {@code builder().build()}. */
    public static Config defaults() {
      return builder().build();
    }

    /** A builder holding this config's settings, to derive a changed copy. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /** Records longer than this many bytes are {@link RejectReason#TOO_LARGE}. */
    public int maxRecordBytes() {
      return maxRecordBytes;
    }

    /** The zone of timestamps written without one. */
    public ZoneId defaultZone() {
      return defaultZone;
    }

    /** Whether {@code 👍🏽} counts as {@code 👍}. */
    public boolean foldSkinTones() {
      return foldSkinTones;
    }

    /** How far ahead of {@link #clock()} a timestamp may be; null when the check is off. */
    public Duration maxFutureSkew() {
      return maxFutureSkew;
    }

    /** The clock {@link #maxFutureSkew()} is measured against. */
    public Clock clock() {
      return clock;
    }

    /** Which rooms a reaction may name; a refused one is {@link RejectReason#ROOM_NOT_ALLOWED}. */
    public RoomPolicy roomPolicy() {
      return roomPolicy;
    }

    /** Rejects a stream that was altered to hold settings {@link Builder#build()} refuses. */
    private Object readResolve() {
      // A config written before room policies existed has none: it allowed every room.
      return roomPolicy == null ? toBuilder().roomPolicy(RoomPolicy.any()).build() : toBuilder().build();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Config c
          && maxRecordBytes == c.maxRecordBytes
          && defaultZone.equals(c.defaultZone)
          && foldSkinTones == c.foldSkinTones
          && Objects.equals(maxFutureSkew, c.maxFutureSkew)
          && clock.equals(c.clock)
          && roomPolicy.equals(c.roomPolicy);
    }

    @Override
    public int hashCode() {
      return Objects.hash(maxRecordBytes, defaultZone, foldSkinTones, maxFutureSkew, clock, roomPolicy);
    }

    @Override
    public String toString() {
      return "ReactionParser.Config[maxRecordBytes=" + maxRecordBytes + ", defaultZone=" + defaultZone
          + ", foldSkinTones=" + foldSkinTones + ", maxFutureSkew=" + (maxFutureSkew == null ? "off" : maxFutureSkew)
          + ", clock=" + clock + ", roomPolicy=" + roomPolicy + "]";
    }

    /** Collects settings, each preset to its default; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
      private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
      private ZoneId defaultZone = ZoneOffset.UTC;
      private boolean foldSkinTones;
      private Duration maxFutureSkew;
      private Clock clock = Clock.systemUTC();
      private RoomPolicy roomPolicy = RoomPolicy.any();

      private Builder() {}

      private Builder(Config c) {
        this.maxRecordBytes = c.maxRecordBytes;
        this.defaultZone = c.defaultZone;
        this.foldSkinTones = c.foldSkinTones;
        this.maxFutureSkew = c.maxFutureSkew;
        this.clock = c.clock;
        this.roomPolicy = c.roomPolicy;
      }

      /**
       * The largest record, in bytes of its value, checked before parsing; longer is
       * {@link RejectReason#TOO_LARGE}. Default {@value Config#DEFAULT_MAX_RECORD_BYTES}; must be {@code > 0}.
       */
      public Builder maxRecordBytes(int value) {
        this.maxRecordBytes = value;
        return this;
      }

      /** The zone a timestamp written without an offset is read in. Default UTC; not null. */
      public Builder defaultZone(ZoneId value) {
        this.defaultZone = value;
        return this;
      }

      /** Whether skin-tone modifiers are dropped, so {@code 👍🏽} counts as {@code 👍}. Default false. */
      public Builder foldSkinTones(boolean value) {
        this.foldSkinTones = value;
        return this;
      }

      /**
       * A timestamp later than {@link #clock(Clock) clock} + this is
       * {@link RejectReason#FUTURE_TIMESTAMP}. Default null, which turns the check off; when set,
       * {@code >= 0}.
       */
      public Builder maxFutureSkew(Duration value) {
        this.maxFutureSkew = value;
        return this;
      }

      /**
       * The clock {@link #maxFutureSkew(Duration)} is measured against; only read when that is set.
       * Default {@link Clock#systemUTC()}; not null. Serializable clocks only, when the parser is to
       * be shipped to another JVM.
       */
      public Builder clock(Clock value) {
        this.clock = value;
        return this;
      }

      /**
       * Which rooms a reaction may name ({@link RoomPolicy}); a refused room is
       * {@link RejectReason#ROOM_NOT_ALLOWED}. Default {@link RoomPolicy#any()}; not null.
       */
      public Builder roomPolicy(RoomPolicy value) {
        this.roomPolicy = value;
        return this;
      }

      /**
       * The config.
       *
       * @throws IllegalArgumentException naming the first invalid field and its value
       */
      public Config build() {
        if (maxRecordBytes <= 0) {
          throw new IllegalArgumentException("maxRecordBytes must be > 0, but was " + maxRecordBytes);
        }
        if (defaultZone == null) {
          throw new IllegalArgumentException("defaultZone must be a zone, but was null");
        }
        if (maxFutureSkew != null && maxFutureSkew.isNegative()) {
          throw new IllegalArgumentException("maxFutureSkew must be >= 0, but was " + maxFutureSkew);
        }
        if (clock == null) {
          throw new IllegalArgumentException("clock must be a clock, but was null");
        }
        if (roomPolicy == null) {
          throw new IllegalArgumentException("roomPolicy must be a room policy (RoomPolicy.any() for every room), but was null");
        }
        return new Config(this);
      }
    }
  }
}
