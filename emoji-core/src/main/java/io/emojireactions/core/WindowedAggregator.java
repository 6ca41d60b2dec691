package io.emojireactions.core;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A pure-Java streaming aggregator with Spark Structured Streaming's semantics (as of Spark 3.5,
 * default settings) for {@code groupBy(room, window(eventTime, size), emoji).count()} with
 * {@code withWatermark(eventTime, lateness)}. It is the reference the Spark transforms are tested
 * against, and a library to embed in a plain Kafka consumer.
 *
 * <p>Input arrives in batches (micro-batches): call {@link #add(Reaction)} for each record of a
 * batch, then {@link #endBatch()}. Let {@code W[n]} be the watermark of batch {@code n}:
 * {@code W[0]} is "none" ({@link Long#MIN_VALUE}), and {@code W[n+1] = max(W[n], maxEventTime(batch
 * n) - lateness)} when batch {@code n} had records (every record added counts toward the max,
 * late ones included, as Spark's watermark operator sees rows before the aggregation drops them),
 * else {@code W[n+1] = W[n]}. Then, as Spark does:
 * <ul>
 *   <li><b>Late records.</b> In batch {@code n} a record is late iff its window end is
 *       {@code <= W[n-1]} (Spark 3.5 decides lateness with the <em>previous</em> batch's watermark,
 *       see {@code PropagateWatermarkSimulator.getInputWatermarkForLateEvents}; with the non-default
 *       {@code spark.sql.streaming.statefulOperator.allowMultiple=false} Spark uses {@code W[n]}
 *       instead, which this class does not model). A late record is not counted,
 *       {@link #add(Reaction)} returns false and {@link #lateRecords()} grows.
 *   <li><b>Output.</b> {@link OutputMode#UPDATE}: {@code endBatch()} returns every key whose count
 *       changed in the batch, {@code isFinal=false}. {@link OutputMode#APPEND}: it returns, once
 *       each, the keys whose window end is {@code <= W[n]}, {@code isFinal=true}.
 *   <li><b>Eviction.</b> At the end of batch {@code n} state for windows with end {@code <= W[n]}
 *       is dropped (after the output above).
 *   <li><b>No-data batch.</b> Calling {@code endBatch()} with no records in between is Spark's
 *       no-data batch, which Spark runs when the watermark advanced ({@link #needsNoDataBatch()}):
 *       it emits (append) and evicts what the new watermark closed.
 * </ul>
 * Spark's initial watermark is 0 rather than "none"; the two only differ for windows ending at or
 * before 1970-01-01T00:00:00Z, which {@link ReactionParser} never produces.
 *
 * <p>Output is sorted by room, window start, emoji. Not thread-safe: one aggregator per
 * consuming thread.
 */
public final class WindowedAggregator {

  /** The watermark before any batch had data. */
  public static final long NO_WATERMARK = Long.MIN_VALUE;

  private static final Comparator<WindowedCount> OUTPUT_ORDER =
      Comparator.comparing(WindowedCount::room)
          .thenComparingLong(c -> c.window().startMs())
          .thenComparing(WindowedCount::emoji);

  /** Mutable per-key state; the key is immutable, the count grows. */
  private static final class Cell {
    final WindowedCount.Key key;
    final long endMs;
    long count;
    boolean touched;

    Cell(WindowedCount.Key key, long endMs) {
      this.key = key;
      this.endMs = endMs;
    }
  }

  private final Config config;
  private final long sizeMs;
  private final long latenessMs;
  private final boolean append;
  private final HashMap<WindowedCount.Key, Cell> state = new HashMap<>();
  private final ArrayList<Cell> touched = new ArrayList<>();

  /** W[n]: decides eviction and append output of the current batch. */
  private long watermarkMs = NO_WATERMARK;
  /** W[n-1]: decides lateness in the current batch. */
  private long lateThresholdMs = NO_WATERMARK;
  /** Lower bound of the window ends in state, to skip eviction scans that cannot evict. */
  private long minEndInState = Long.MAX_VALUE;
  private boolean batchHasData;
  private long batchMaxEventMs = Long.MIN_VALUE;
  private boolean watermarkAdvanced;
  private long lateRecords;
  private long batchId;

  private WindowedAggregator(Config config) {
    this.config = config;
    this.sizeMs = config.window().sizeMs();
    this.latenessMs = config.lateness().toMillis();
    this.append = config.outputMode() == OutputMode.APPEND;
  }

  /**
   * A new aggregator with empty state and no watermark.
   *
   * @throws NullPointerException when {@code config} is null
   */
  public static WindowedAggregator create(Config config) {
    return new WindowedAggregator(Objects.requireNonNull(config, "config"));
  }

  /** Adds one record of the current batch; false when it was late and dropped. */
  public boolean add(Reaction reaction) {
    long eventMs = reaction.eventTimeMs();
    batchHasData = true;
    if (eventMs > batchMaxEventMs) {
      batchMaxEventMs = eventMs;
    }
    long startMs = TumblingWindows.windowStart(eventMs, sizeMs);
    long endMs = startMs + sizeMs;
    if (endMs <= lateThresholdMs) {
      lateRecords++;
      return false;
    }
    WindowedCount.Key key = new WindowedCount.Key(reaction.room(), startMs, reaction.emoji());
    Cell cell = state.get(key);
    if (cell == null) {
      cell = new Cell(key, endMs);
      state.put(key, cell);
      if (endMs < minEndInState) {
        minEndInState = endMs;
      }
    }
    cell.count++;
    if (!cell.touched) {
      cell.touched = true;
      touched.add(cell);
    }
    return true;
  }

  /** Ends the current batch: returns its output (see the class contract) and advances the watermark. */
  public List<WindowedCount> endBatch() {
    List<WindowedCount> out = new ArrayList<>(append ? 8 : touched.size());
    if (!append) {
      for (Cell cell : touched) {
        out.add(toCount(cell, false));
      }
    }
    for (Cell cell : touched) {
      cell.touched = false;
    }
    touched.clear();
    if (watermarkMs >= minEndInState) {
      long newMin = Long.MAX_VALUE;
      for (Iterator<Cell> it = state.values().iterator(); it.hasNext(); ) {
        Cell cell = it.next();
        if (cell.endMs <= watermarkMs) {
          if (append) {
            out.add(toCount(cell, true));
          }
          it.remove();
        } else if (cell.endMs < newMin) {
          newMin = cell.endMs;
        }
      }
      minEndInState = newMin;
    }
    long previous = watermarkMs;
    lateThresholdMs = watermarkMs;
    if (batchHasData) {
      long candidate = batchMaxEventMs < Long.MIN_VALUE + latenessMs ? Long.MIN_VALUE : batchMaxEventMs - latenessMs;
      watermarkMs = Math.max(watermarkMs, candidate);
    }
    watermarkAdvanced = watermarkMs > previous;
    batchHasData = false;
    batchMaxEventMs = Long.MIN_VALUE;
    batchId++;
    out.sort(OUTPUT_ORDER);
    return Collections.unmodifiableList(out);
  }

  private WindowedCount toCount(Cell cell, boolean isFinal) {
    WindowedCount.Key k = cell.key;
    return new WindowedCount(
        k.room(), new TimeWindow(k.windowStartMs(), cell.endMs), k.emoji(), cell.count, config.scaling().apply(cell.count), isFinal);
  }

  /**
   * The watermark of the next batch ({@code W[n+1]} after {@code n+1} calls of {@link #endBatch()}):
   * it decides that batch's eviction and append output. {@link #NO_WATERMARK} before any batch
   * had data.
   */
  public long watermarkMs() {
    return watermarkMs;
  }

  /** The watermark that decides lateness in the current batch ({@code W[n-1]}, one batch behind). */
  public long lateThresholdMs() {
    return lateThresholdMs;
  }

  /**
   * True when the last {@link #endBatch()} advanced the watermark: Spark would now run a no-data
   * batch if no new data is waiting (call {@code endBatch()} with no records to model it).
   */
  public boolean needsNoDataBatch() {
    return watermarkAdvanced;
  }

  /**
   * Records dropped as late since creation. Counts input records; Spark's
   * {@code numRowsDroppedByWatermark} counts partially aggregated rows (one per late key and
   * partition), so it can be smaller.
   */
  public long lateRecords() {
    return lateRecords;
  }

  /** Number of (room, window, emoji) keys held in state. */
  public int stateSize() {
    return state.size();
  }

  /** Number of batches ended so far (the id of the current batch). */
  public long batchId() {
    return batchId;
  }

  /** The current count of every key in state, {@code isFinal=false}, in output order. */
  public List<WindowedCount> snapshot() {
    List<WindowedCount> out = new ArrayList<>(state.size());
    for (Cell cell : state.values()) {
      out.add(toCount(cell, false));
    }
    out.sort(OUTPUT_ORDER);
    return Collections.unmodifiableList(out);
  }

  /** The settings of this aggregator; never null. */
  public Config config() {
    return config;
  }

  /**
   * Aggregator settings: immutable, validated by {@link Builder#build()}, whose messages name the
   * field and the value. Build with {@link #builder()}, copy with {@link #toBuilder()}. A class
   * rather than a record so that a new setting never breaks a caller. Serializable; a deserialized
   * config is validated again.
   *
   * <p>Two configs are equal when their window sizes, lateness, output modes and scaling policies are.
   */
  public static final class Config implements Serializable {

    private static final long serialVersionUID = 1L;

    private final TumblingWindows window;
    private final Duration lateness;
    private final OutputMode outputMode;
    private final ScalingPolicy scaling;

    private Config(Builder b) {
      this.window = b.window;
      this.lateness = b.lateness;
      this.outputMode = b.outputMode;
      this.scaling = b.scaling;
    }

    /** A builder holding the defaults: 2 s windows, 2 s lateness, update mode, the seed scaling policy. */
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

    /** The tumbling windows counts are grouped by. */
    public TumblingWindows window() {
      return window;
    }

    /** The watermark delay: watermark = max event time - lateness. */
    public Duration lateness() {
      return lateness;
    }

    /**
     * How {@link WindowedAggregator#endBatch()} reports counts: {@link OutputMode#UPDATE} or {@link
     * OutputMode#APPEND}.
     */
    public OutputMode outputMode() {
      return outputMode;
    }

    /** How counts become {@code scaled_reactions}. */
    public ScalingPolicy scaling() {
      return scaling;
    }

    /** Rejects a stream that was altered to hold settings {@link Builder#build()} refuses. */
    private Object readResolve() {
      return toBuilder().build();
    }

    @Override
    public boolean equals(Object o) {
      // TumblingWindows has identity equality; its size is what matters.
      return o instanceof Config c
          && window.sizeMs() == c.window.sizeMs()
          && lateness.equals(c.lateness)
          && outputMode == c.outputMode
          && scaling.equals(c.scaling);
    }

    @Override
    public int hashCode() {
      return Objects.hash(window.sizeMs(), lateness, outputMode, scaling);
    }

    @Override
    public String toString() {
      return "WindowedAggregator.Config[window=" + window.size() + ", lateness=" + lateness + ", outputMode=" + outputMode
          + ", scaling=" + scaling + "]";
    }

    /** Collects settings, each preset to its default; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
      private TumblingWindows window = TumblingWindows.of(Duration.ofSeconds(2));
      private Duration lateness = Duration.ofSeconds(2);
      private OutputMode outputMode = OutputMode.UPDATE;
      private ScalingPolicy scaling = ScalingPolicy.seed();

      private Builder() {}

      private Builder(Config c) {
        this.window = c.window;
        this.lateness = c.lateness;
        this.outputMode = c.outputMode;
        this.scaling = c.scaling;
      }

      /** The tumbling windows (their size) counts are grouped by. Default 2 s; not null. */
      public Builder window(TumblingWindows value) {
        this.window = value;
        return this;
      }

      /**
       * The allowed lateness, the watermark delay: the watermark trails the largest event time seen
       * by this much. Default 2 s; {@code >= 0}, not null; read to the millisecond.
       */
      public Builder lateness(Duration value) {
        this.lateness = value;
        return this;
      }

      /** {@link OutputMode#UPDATE} (the default) or {@link OutputMode#APPEND}; not null. */
      public Builder outputMode(OutputMode value) {
        this.outputMode = value;
        return this;
      }

      /** How counts become {@code scaled_reactions}. Default {@link ScalingPolicy#seed()}; not null. */
      public Builder scaling(ScalingPolicy value) {
        this.scaling = value;
        return this;
      }

      /**
       * The config.
       *
       * @throws IllegalArgumentException naming the first invalid field and its value
       */
      public Config build() {
        if (window == null) {
          throw new IllegalArgumentException("window must be tumbling windows, but was null");
        }
        if (lateness == null || lateness.isNegative()) {
          throw new IllegalArgumentException("lateness must be >= 0, but was " + lateness);
        }
        if (outputMode == null) {
          throw new IllegalArgumentException("outputMode must be update or append, but was null");
        }
        if (scaling == null) {
          throw new IllegalArgumentException("scaling must be a scaling policy, but was null");
        }
        return new Config(this);
      }
    }
  }
}
