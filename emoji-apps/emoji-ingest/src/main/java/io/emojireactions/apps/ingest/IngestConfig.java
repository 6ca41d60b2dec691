package io.emojireactions.apps.ingest;

import static io.emojireactions.apps.internal.Checks.requireText;

import io.emojireactions.apps.internal.Topics;
import io.emojireactions.core.ReactionParser;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one ingest server: immutable, validated by {@link Builder#build()}, whose messages
 * name the field and the value. Build with {@link #builder()}, copy with {@link #toBuilder()}. A
 * class rather than a record so that a new setting never breaks a caller; the {@code emoji ingest}
 * flags, environment and config file map onto the builder.
 *
 * <p>{@link #toString()} never shows the bearer token.
 */
public final class IngestConfig {

  public static final String DEFAULT_TOPIC = Topics.REACTIONS;

  private final String host;
  private final int port;
  private final String topic;
  private final int bufferCapacity;
  private final int flushRecords;
  private final Duration flushInterval;
  private final int maxBatchBytes;
  private final double userRatePerSecond;
  private final String bearerToken;
  private final ReactionParser.Config parser;
  private final Duration shutdownTimeout;

  private IngestConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.topic = b.topic;
    this.bufferCapacity = b.bufferCapacity;
    this.flushRecords = b.flushRecords;
    this.flushInterval = b.flushInterval;
    this.maxBatchBytes = b.maxBatchBytes;
    this.userRatePerSecond = b.userRatePerSecond;
    this.bearerToken = b.bearerToken;
    this.parser = b.parser;
    this.shutdownTimeout = b.shutdownTimeout;
  }

  /**
   * A builder holding the defaults: all interfaces, port 8080, {@value #DEFAULT_TOPIC}, a
   * 200,000-reaction buffer, flush at 20,000 reactions or 500 ms, 8 MiB batches, no rate limit, no
   * token, the parser's defaults, 30 s to shut down.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults, {@code builder().build()}. */
  public static IngestConfig defaults() {
    return builder().build();
  }

  /** A builder holding this config's settings, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The address to listen on. */
  public String host() {
    return host;
  }

  /** The HTTP port; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** The Kafka topic reactions go to. */
  public String topic() {
    return topic;
  }

  /** Reactions accepted but not yet acknowledged by Kafka, at most. */
  public int bufferCapacity() {
    return bufferCapacity;
  }

  /** A flush starts as soon as this many reactions wait. */
  public int flushRecords() {
    return flushRecords;
  }

  /** A flush starts when the oldest waiting reaction has waited this long. */
  public Duration flushInterval() {
    return flushInterval;
  }

  /** The largest {@code POST /emojis} body, in bytes. */
  public int maxBatchBytes() {
    return maxBatchBytes;
  }

  /** Reactions per second one {@code user_id} may send; 0 for no limit. */
  public double userRatePerSecond() {
    return userRatePerSecond;
  }

  /** The token every POST must carry, or null for none. */
  public String bearerToken() {
    return bearerToken;
  }

  /** The validation rules; its {@code maxRecordBytes} is also the {@code POST /emoji} body limit. */
  public ReactionParser.Config parser() {
    return parser;
  }

  /** How long a graceful stop may wait for requests in flight and the last flush. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IngestConfig c
        && host.equals(c.host)
        && port == c.port
        && topic.equals(c.topic)
        && bufferCapacity == c.bufferCapacity
        && flushRecords == c.flushRecords
        && flushInterval.equals(c.flushInterval)
        && maxBatchBytes == c.maxBatchBytes
        && Double.compare(userRatePerSecond, c.userRatePerSecond) == 0
        && Objects.equals(bearerToken, c.bearerToken)
        && parser.equals(c.parser)
        && shutdownTimeout.equals(c.shutdownTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, topic, bufferCapacity, flushRecords, flushInterval, maxBatchBytes, userRatePerSecond,
        bearerToken, parser, shutdownTimeout);
  }

  /** Every setting; the bearer token only as whether one is set. */
  @Override
  public String toString() {
    return "IngestConfig[host=" + host + ", port=" + port + ", topic=" + topic + ", bufferCapacity=" + bufferCapacity
        + ", flushRecords=" + flushRecords + ", flushInterval=" + flushInterval + ", maxBatchBytes=" + maxBatchBytes
        + ", userRatePerSecond=" + userRatePerSecond + ", bearerToken=" + (bearerToken == null ? "none" : "(hidden)")
        + ", parser=" + parser + ", shutdownTimeout=" + shutdownTimeout + "]";
  }

  /** Collects settings, each preset to its default; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8080;
    private String topic = DEFAULT_TOPIC;
    private int bufferCapacity = 200_000;
    private int flushRecords = 20_000;
    private Duration flushInterval = Duration.ofMillis(500);
    private int maxBatchBytes = 8 * 1024 * 1024;
    private double userRatePerSecond;
    private String bearerToken;
    private ReactionParser.Config parser = ReactionParser.Config.defaults();
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    private Builder() {}

    private Builder(IngestConfig c) {
      this.host = c.host;
      this.port = c.port;
      this.topic = c.topic;
      this.bufferCapacity = c.bufferCapacity;
      this.flushRecords = c.flushRecords;
      this.flushInterval = c.flushInterval;
      this.maxBatchBytes = c.maxBatchBytes;
      this.userRatePerSecond = c.userRatePerSecond;
      this.bearerToken = c.bearerToken;
      this.parser = c.parser;
      this.shutdownTimeout = c.shutdownTimeout;
    }

    /** The address to listen on ({@code 0.0.0.0} for all, {@code 127.0.0.1} for local). Default {@code 0.0.0.0}; not blank. */
    public Builder host(String value) {
      this.host = value;
      return this;
    }

    /** The HTTP port. Default 8080; 0..65535, 0 picks a free one. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** The Kafka topic reactions go to. Default {@value IngestConfig#DEFAULT_TOPIC}; not blank. */
    public Builder topic(String value) {
      this.topic = value;
      return this;
    }

    /**
     * Reactions accepted but not yet acknowledged by Kafka, at most; beyond it requests are answered
     * 503 with {@code Retry-After}. Default 200,000; {@code >= 1}.
     */
    public Builder bufferCapacity(int value) {
      this.bufferCapacity = value;
      return this;
    }

    /** A flush starts as soon as this many reactions wait. Default 20,000; {@code >= 1}. */
    public Builder flushRecords(int value) {
      this.flushRecords = value;
      return this;
    }

    /** A flush starts when the oldest waiting reaction has waited this long. Default 500 ms; {@code > 0}. */
    public Builder flushInterval(Duration value) {
      this.flushInterval = value;
      return this;
    }

    /** The largest {@code POST /emojis} body in bytes; larger is 413. Default 8 MiB; {@code >= 1}. */
    public Builder maxBatchBytes(int value) {
      this.maxBatchBytes = value;
      return this;
    }

    /**
     * Reactions per second one {@code user_id} may send (burst: one second's worth); beyond it 429.
     * Default 0, no limit; finite, {@code >= 0}.
     */
    public Builder userRatePerSecond(double value) {
      this.userRatePerSecond = value;
      return this;
    }

    /**
     * When set, every POST needs {@code Authorization: Bearer <token>}, else 401. Default null (no
     * authentication); when set, not blank.
     */
    public Builder bearerToken(String value) {
      this.bearerToken = value;
      return this;
    }

    /**
     * The validation rules; their {@code maxRecordBytes} is also the {@code POST /emoji} body limit
     * (413 beyond it). Default {@link ReactionParser.Config#defaults()}; not null.
     */
    public Builder parser(ReactionParser.Config value) {
      this.parser = value;
      return this;
    }

    /** How long a graceful stop may wait for requests in flight and the last flush. Default 30 s; {@code >= 0}. */
    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = value;
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException naming the first invalid field and its value (never the token's)
     */
    public IngestConfig build() {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank, but was " + (host == null ? "null" : "'" + host + "'"));
      }
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in 0..65535, but was " + port);
      }
      requireText("topic", topic);
      if (bufferCapacity < 1) {
        throw new IllegalArgumentException("bufferCapacity must be >= 1, but was " + bufferCapacity);
      }
      if (flushRecords < 1) {
        throw new IllegalArgumentException("flushRecords must be >= 1, but was " + flushRecords);
      }
      if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
        throw new IllegalArgumentException("flushInterval must be > 0, but was " + flushInterval);
      }
      if (maxBatchBytes < 1) {
        throw new IllegalArgumentException("maxBatchBytes must be >= 1, but was " + maxBatchBytes);
      }
      if (!(userRatePerSecond >= 0) || Double.isInfinite(userRatePerSecond)) {
        throw new IllegalArgumentException("userRatePerSecond must be a finite number >= 0, but was " + userRatePerSecond);
      }
      if (bearerToken != null && bearerToken.isBlank()) {
        throw new IllegalArgumentException("bearerToken must not be blank when set");
      }
      if (parser == null) {
        throw new IllegalArgumentException("parser must be a parser config, but was null");
      }
      if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
        throw new IllegalArgumentException("shutdownTimeout must be >= 0, but was " + shutdownTimeout);
      }
      return new IngestConfig(this);
    }
  }
}
