package io.emojireactions.core;

import io.emojireactions.core.internal.ReactionReader;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
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
 *   <li>{@code timestamp}: ISO-8601 {@code yyyy-MM-ddTHH:mm[:ss[.f{1,9}]][Z|±HH:MM|±HHMM|±HH]}
 *       (no zone: read in {@link Config#defaultZone()}), or epoch milliseconds as a JSON number
 *       (a fraction is floored); anything else, or outside 1970-01-01T00:00:00Z ..
 *       9999-12-31T23:59:59.999Z, is {@code BAD_TIMESTAMP}. Event time is floored to the
 *       millisecond. With {@link Config#maxFutureSkew()} set, later than clock + skew is
 *       {@code FUTURE_TIMESTAMP}.
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

  public static ReactionParser create(Config config) {
    return new ReactionParser(Objects.requireNonNull(config, "config"));
  }

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
   * Parser settings, validated when built.
   *
   * @param maxRecordBytes records longer than this are {@link RejectReason#TOO_LARGE}; default 4096
   * @param defaultZone the zone of timestamps written without one; default UTC
   * @param foldSkinTones count {@code 👍🏽} as {@code 👍}; default false
   * @param maxFutureSkew a timestamp further than this ahead of {@code clock} is
   *     {@link RejectReason#FUTURE_TIMESTAMP}; {@code null} disables the check (the default)
   * @param clock the clock {@code maxFutureSkew} is measured against
   */
  public record Config(
      int maxRecordBytes, ZoneId defaultZone, boolean foldSkinTones, Duration maxFutureSkew, Clock clock)
      implements Serializable {

    public static final int DEFAULT_MAX_RECORD_BYTES = 4096;

    public Config {
      if (maxRecordBytes <= 0) {
        throw new IllegalArgumentException("maxRecordBytes must be > 0, but was " + maxRecordBytes);
      }
      Objects.requireNonNull(defaultZone, "defaultZone");
      Objects.requireNonNull(clock, "clock");
      if (maxFutureSkew != null && maxFutureSkew.isNegative()) {
        throw new IllegalArgumentException("maxFutureSkew must be >= 0, but was " + maxFutureSkew);
      }
    }

    public static Config defaults() {
      return new Config(DEFAULT_MAX_RECORD_BYTES, java.time.ZoneOffset.UTC, false, null, Clock.systemUTC());
    }

    public Config withMaxRecordBytes(int value) {
      return new Config(value, defaultZone, foldSkinTones, maxFutureSkew, clock);
    }

    public Config withDefaultZone(ZoneId value) {
      return new Config(maxRecordBytes, value, foldSkinTones, maxFutureSkew, clock);
    }

    public Config withFoldSkinTones(boolean value) {
      return new Config(maxRecordBytes, defaultZone, value, maxFutureSkew, clock);
    }

    public Config withMaxFutureSkew(Duration value, Clock clockToCheckAgainst) {
      return new Config(maxRecordBytes, defaultZone, foldSkinTones, value, clockToCheckAgainst);
    }
  }
}
