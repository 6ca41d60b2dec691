package io.emojireactions.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A pure-Java streaming aggregator with Spark Structured Streaming's semantics for
 * {@code groupBy(room, window(eventTime, size), emoji).count()} with
 * {@code withWatermark(eventTime, lateness)}. It is the reference the Spark transforms are tested
 * against, and a library to embed in a plain Kafka consumer.
 *
 * <p>Input arrives in batches (micro-batches): call {@link #add(Reaction)} for each record of a
 * batch, then {@link #endBatch()}. Semantics, as Spark's:
 * <ul>
 *   <li>The watermark used during a batch is the one computed at the end of the previous batch
 *       ({@code Long.MIN_VALUE}-like "none" before the first). After each batch it becomes
 *       {@code max(previous, maxEventTimeOfBatch - lateness)}.
 *   <li>A record whose window end is {@code <= watermark} is late: not counted, and
 *       {@link #add(Reaction)} returns false.
 *   <li>{@link OutputMode#UPDATE}: {@code endBatch()} returns every key whose count changed in the
 *       batch, with {@code isFinal=false}. {@link OutputMode#APPEND}: it returns, once each, the
 *       keys whose window end is {@code <= } the batch's watermark, with {@code isFinal=true}.
 *       Calling {@code endBatch()} with no records in between is Spark's no-data batch.
 *   <li>State for windows with end {@code <= watermark} is evicted at the end of a batch.
 * </ul>
 *
 * <p>Not thread-safe: one aggregator per consuming thread.
 *
 * <p>TODO(core): implementation to follow.
 */
public final class WindowedAggregator {

  private final Config config;

  private WindowedAggregator(Config config) {
    this.config = config;
  }

  public static WindowedAggregator create(Config config) {
    return new WindowedAggregator(Objects.requireNonNull(config, "config"));
  }

  /** Adds one record of the current batch; false when it was late and dropped. */
  public boolean add(Reaction reaction) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Ends the current batch: returns its output (see the class contract) and advances the watermark. */
  public List<WindowedCount> endBatch() {
    throw new UnsupportedOperationException("TODO");
  }

  /** The current watermark in epoch ms, or {@code Long.MIN_VALUE} before any batch had data. */
  public long watermarkMs() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Records dropped as late since creation. */
  public long lateRecords() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Number of (room, window, emoji) keys held in state. */
  public int stateSize() {
    throw new UnsupportedOperationException("TODO");
  }

  public Config config() {
    return config;
  }

  /**
   * Aggregator settings.
   *
   * @param window window size (default 2 s)
   * @param lateness allowed lateness, the watermark delay (default 2 s)
   * @param outputMode update (default) or append
   * @param scaling how counts become {@code scaled_reactions} (default {@link ScalingPolicy#seed()})
   */
  public record Config(TumblingWindows window, Duration lateness, OutputMode outputMode, ScalingPolicy scaling) {
    public Config {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(lateness, "lateness");
      Objects.requireNonNull(outputMode, "outputMode");
      Objects.requireNonNull(scaling, "scaling");
      if (lateness.isNegative()) {
        throw new IllegalArgumentException("lateness must be >= 0, but was " + lateness);
      }
    }

    public static Config defaults() {
      return new Config(
          TumblingWindows.of(Duration.ofSeconds(2)), Duration.ofSeconds(2), OutputMode.UPDATE, ScalingPolicy.seed());
    }
  }
}
