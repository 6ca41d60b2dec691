package io.emojireactions.core;

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
 *
 * <p>TODO(core): implementation to follow; the signatures are the contract.
 */
public final class ReactionParser {

  private final Config config;

  private ReactionParser(Config config) {
    this.config = config;
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

  /** Parses one record value. */
  public ParseResult parse(byte[] json) {
    throw new UnsupportedOperationException("TODO");
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
      int maxRecordBytes, ZoneId defaultZone, boolean foldSkinTones, Duration maxFutureSkew, Clock clock) {

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
