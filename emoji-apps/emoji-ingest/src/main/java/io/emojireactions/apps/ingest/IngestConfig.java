package io.emojireactions.apps.ingest;

import io.emojireactions.apps.internal.Topics;
import io.emojireactions.core.ReactionParser;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one ingest server, validated when built; messages name the field and the value.
 *
 * @param host the address to listen on ({@code 0.0.0.0} for all, {@code 127.0.0.1} for local)
 * @param port the HTTP port; 0 picks a free one
 * @param topic the Kafka topic reactions go to
 * @param bufferCapacity reactions accepted but not yet acknowledged by Kafka, at most; beyond it
 *     requests are answered 503 with {@code Retry-After}
 * @param flushRecords a flush starts as soon as this many reactions wait
 * @param flushInterval a flush starts when the oldest waiting reaction has waited this long
 * @param maxBatchBytes the largest {@code POST /emojis} body; larger is 413
 * @param userRatePerSecond reactions per second one {@code user_id} may send (burst: one second's
 *     worth); 0 turns the limit off (the default); beyond it 429
 * @param bearerToken when not null, every POST needs {@code Authorization: Bearer <token>}, else 401
 * @param parser the validation rules; its {@code maxRecordBytes} is also the {@code POST /emoji}
 *     body limit (413 beyond it)
 * @param shutdownTimeout how long a graceful stop may wait for requests in flight and the last flush
 */
public record IngestConfig(
    String host,
    int port,
    String topic,
    int bufferCapacity,
    int flushRecords,
    Duration flushInterval,
    int maxBatchBytes,
    double userRatePerSecond,
    String bearerToken,
    ReactionParser.Config parser,
    Duration shutdownTimeout) {

  public static final String DEFAULT_TOPIC = Topics.REACTIONS;

  public IngestConfig {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535, but was " + port);
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank, but was '" + topic + "'");
    }
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
    Objects.requireNonNull(parser, "parser");
    if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdownTimeout must be >= 0, but was " + shutdownTimeout);
    }
  }

  /**
   * The defaults: all interfaces, port 8080, {@value #DEFAULT_TOPIC}, a 200,000-reaction buffer,
   * flush at 20,000 reactions or 500 ms, 8 MiB batches, no rate limit, no token, the parser's
   * defaults, 30 s to shut down.
   */
  public static IngestConfig defaults() {
    return new IngestConfig(
        "0.0.0.0", 8080, DEFAULT_TOPIC, 200_000, 20_000, Duration.ofMillis(500), 8 * 1024 * 1024, 0, null,
        ReactionParser.Config.defaults(), Duration.ofSeconds(30));
  }

  public IngestConfig withHost(String value) {
    return new IngestConfig(value, port, topic, bufferCapacity, flushRecords, flushInterval, maxBatchBytes, userRatePerSecond, bearerToken, parser, shutdownTimeout);
  }

  public IngestConfig withPort(int value) {
    return new IngestConfig(host, value, topic, bufferCapacity, flushRecords, flushInterval, maxBatchBytes, userRatePerSecond, bearerToken, parser, shutdownTimeout);
  }

  public IngestConfig withTopic(String value) {
    return new IngestConfig(host, port, value, bufferCapacity, flushRecords, flushInterval, maxBatchBytes, userRatePerSecond, bearerToken, parser, shutdownTimeout);
  }

  public IngestConfig withBuffer(int capacity, int flushAt, Duration interval) {
    return new IngestConfig(host, port, topic, capacity, flushAt, interval, maxBatchBytes, userRatePerSecond, bearerToken, parser, shutdownTimeout);
  }

  public IngestConfig withMaxBatchBytes(int value) {
    return new IngestConfig(host, port, topic, bufferCapacity, flushRecords, flushInterval, value, userRatePerSecond, bearerToken, parser, shutdownTimeout);
  }

  public IngestConfig withUserRatePerSecond(double value) {
    return new IngestConfig(host, port, topic, bufferCapacity, flushRecords, flushInterval, maxBatchBytes, value, bearerToken, parser, shutdownTimeout);
  }

  public IngestConfig withBearerToken(String value) {
    return new IngestConfig(host, port, topic, bufferCapacity, flushRecords, flushInterval, maxBatchBytes, userRatePerSecond, value, parser, shutdownTimeout);
  }

  public IngestConfig withParser(ReactionParser.Config value) {
    return new IngestConfig(host, port, topic, bufferCapacity, flushRecords, flushInterval, maxBatchBytes, userRatePerSecond, bearerToken, value, shutdownTimeout);
  }

  public IngestConfig withShutdownTimeout(Duration value) {
    return new IngestConfig(host, port, topic, bufferCapacity, flushRecords, flushInterval, maxBatchBytes, userRatePerSecond, bearerToken, parser, value);
  }
}
