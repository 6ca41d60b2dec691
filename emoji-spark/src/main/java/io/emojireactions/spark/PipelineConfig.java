package io.emojireactions.spark;

import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.core.OutputMode;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.core.TumblingWindows;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything the streaming pipeline needs: immutable, validated by {@link Builder#build()}, whose
 * messages name the field and the value. Build with {@link #builder()} (only the bootstrap servers
 * have no default), copy with {@link #toBuilder()}. A class rather than a record so that a new
 * setting never breaks a caller; flags, environment and config files map onto the builder.
 *
 * <p>{@link #toString()} shows the names of the Kafka options but never their values, which may be
 * secrets.
 */
public final class PipelineConfig {

  /** The default input topic. */
  public static final String DEFAULT_INPUT_TOPIC = "emoji_reactions";
  /** The default output (main publisher) topic. */
  public static final String DEFAULT_OUTPUT_TOPIC = "emoji_main_publisher";
  /** The default dead-letter topic. */
  public static final String DEFAULT_DLQ_TOPIC = "emoji_reactions_dlq";
  /** The default checkpoint root, relative to the working directory. */
  public static final String DEFAULT_CHECKPOINT_DIR = "data/checkpoints/pipeline";

  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private final String bootstrapServers;
  private final String inputTopic;
  private final String outputTopic;
  private final String dlqTopic;
  private final int deadLetterMaxBytes;
  private final Duration window;
  private final Duration lateness;
  private final TriggerSpec trigger;
  private final OutputMode outputMode;
  private final OutputFormat outputFormat;
  private final ScalingPolicy scaling;
  private final String checkpointDir;
  private final String startingOffsets;
  private final OptionalLong maxOffsetsPerTrigger;
  private final Map<String, String> kafkaOptions;
  private final ReactionParser.Config parser;

  private PipelineConfig(Builder b, String startingOffsets, Map<String, String> kafkaOptions) {
    this.bootstrapServers = b.bootstrapServers;
    this.inputTopic = b.inputTopic;
    this.outputTopic = b.outputTopic;
    this.dlqTopic = b.dlqTopic;
    this.deadLetterMaxBytes = b.deadLetterMaxBytes;
    this.window = b.window;
    this.lateness = b.lateness;
    this.trigger = b.trigger;
    this.outputMode = b.outputMode;
    this.outputFormat = b.outputFormat;
    this.scaling = b.scaling;
    this.checkpointDir = b.checkpointDir;
    this.startingOffsets = startingOffsets;
    this.maxOffsetsPerTrigger = b.maxOffsetsPerTrigger;
    this.kafkaOptions = kafkaOptions;
    this.parser = b.parser;
  }

  /** A builder holding every default; the bootstrap servers must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's settings, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Kafka bootstrap servers, {@code host:port[,host:port…]}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The reactions topic. */
  public String inputTopic() {
    return inputTopic;
  }

  /** The windowed counts topic. */
  public String outputTopic() {
    return outputTopic;
  }

  /** The rejected records topic. */
  public String dlqTopic() {
    return dlqTopic;
  }

  /**
   * The most bytes one DLQ record takes (key + value + headers; see core's {@code
   * DeadLetterCodec}): a rejected record's original is cut to fit, marked truncated, with its size
   * and SHA-256. Keep it under the DLQ topic's {@code max.message.bytes}.
   */
  public int deadLetterMaxBytes() {
    return deadLetterMaxBytes;
  }

  /** The tumbling window size, a positive whole number of milliseconds. */
  public Duration window() {
    return window;
  }

  /** The watermark delay, {@code >= 0}, whole milliseconds. */
  public Duration lateness() {
    return lateness;
  }

  /** When micro-batches run; never null. */
  public TriggerSpec trigger() {
    return trigger;
  }

  /** Update or append output; never null. */
  public OutputMode outputMode() {
    return outputMode;
  }

  /** What the output topic receives, and with it the aggregation key: see {@link OutputFormat}; never null. */
  public OutputFormat outputFormat() {
    return outputFormat;
  }

  /** How counts become {@code scaled_reactions}; never null. */
  public ScalingPolicy scaling() {
    return scaling;
  }

  /** The checkpoint root; the query keeps its state in {@code main/} below it. */
  public String checkpointDir() {
    return checkpointDir;
  }

  /** {@code earliest}, {@code latest}, or Spark's per-partition JSON. */
  public String startingOffsets() {
    return startingOffsets;
  }

  /** The cap on records per micro-batch; empty for none. */
  public OptionalLong maxOffsetsPerTrigger() {
    return maxOffsetsPerTrigger;
  }

  /** Extra Kafka client properties (without Spark's {@code kafka.} prefix); unmodifiable. */
  public Map<String, String> kafkaOptions() {
    return kafkaOptions;
  }

  /** The input parser's configuration. */
  public ReactionParser.Config parser() {
    return parser;
  }

  /** The DLQ side output of the parse stage: {@link #dlqTopic} on these brokers, with {@link #kafkaOptions}. */
  public DeadLetterSink deadLetterSink() {
    return new DeadLetterSink(bootstrapServers, dlqTopic, kafkaOptions, deadLetterMaxBytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PipelineConfig c
        && bootstrapServers.equals(c.bootstrapServers)
        && inputTopic.equals(c.inputTopic)
        && outputTopic.equals(c.outputTopic)
        && dlqTopic.equals(c.dlqTopic)
        && deadLetterMaxBytes == c.deadLetterMaxBytes
        && window.equals(c.window)
        && lateness.equals(c.lateness)
        && trigger.equals(c.trigger)
        && outputMode == c.outputMode
        && outputFormat == c.outputFormat
        && scaling.equals(c.scaling)
        && checkpointDir.equals(c.checkpointDir)
        && startingOffsets.equals(c.startingOffsets)
        && maxOffsetsPerTrigger.equals(c.maxOffsetsPerTrigger)
        && kafkaOptions.equals(c.kafkaOptions)
        && parser.equals(c.parser);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bootstrapServers, inputTopic, outputTopic, dlqTopic, deadLetterMaxBytes, window, lateness, trigger, outputMode, outputFormat,
        scaling, checkpointDir, startingOffsets, maxOffsetsPerTrigger, kafkaOptions, parser);
  }

  /** Every setting, with the Kafka options' names only: their values may be passwords or JAAS configs. */
  @Override
  public String toString() {
    return "PipelineConfig[bootstrapServers=" + bootstrapServers + ", inputTopic=" + inputTopic + ", outputTopic=" + outputTopic
        + ", dlqTopic=" + dlqTopic + ", deadLetterMaxBytes=" + deadLetterMaxBytes + ", window=" + window + ", lateness=" + lateness + ", trigger=" + trigger
        + ", outputMode=" + outputMode + ", outputFormat=" + outputFormat + ", scaling=" + scaling + ", checkpointDir=" + checkpointDir
        + ", startingOffsets=" + startingOffsets + ", maxOffsetsPerTrigger=" + maxOffsetsPerTrigger
        + ", kafkaOptions=" + new TreeSet<>(kafkaOptions.keySet()) + ", parser=" + parser + "]";
  }

  /**
   * When micro-batches run: every {@code interval} ({@link #every}), or once over what is available
   * at start and then stop ({@link #availableNow()}).
   *
   * @param interval the processing-time interval; zero = as fast as possible; null for available-now
   */
  public record TriggerSpec(Duration interval) {
    /**
     * A trigger.
     *
     * @throws IllegalArgumentException when {@code interval} is negative or not whole milliseconds
     */
    public TriggerSpec {
      if (interval != null && (interval.isNegative() || interval.toNanos() % 1_000_000 != 0)) {
        throw new IllegalArgumentException("trigger interval must be >= 0 and whole milliseconds, but was " + interval);
      }
    }

    /**
     * A micro-batch every {@code interval} (zero: as fast as possible).
     *
     * @throws NullPointerException when {@code interval} is null
     * @throws IllegalArgumentException when it is negative or not whole milliseconds
     */
    public static TriggerSpec every(Duration interval) {
      return new TriggerSpec(Objects.requireNonNull(interval, "interval"));
    }

    /** One run over what is available at start, then stop. */
    public static TriggerSpec availableNow() {
      return new TriggerSpec(null);
    }

    /** True for {@link #availableNow()}. */
    public boolean isAvailableNow() {
      return interval == null;
    }

    @Override
    public String toString() {
      return isAvailableNow() ? "available-now" : interval.toMillis() + "ms";
    }
  }

  /** Collects settings, each preset to its default; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private String bootstrapServers;
    private String inputTopic = DEFAULT_INPUT_TOPIC;
    private String outputTopic = DEFAULT_OUTPUT_TOPIC;
    private String dlqTopic = DEFAULT_DLQ_TOPIC;
    private int deadLetterMaxBytes = DeadLetterCodec.DEFAULT_MAX_BYTES;
    private Duration window = Duration.ofSeconds(2);
    private Duration lateness = Duration.ofSeconds(2);
    private TriggerSpec trigger = TriggerSpec.every(Duration.ofSeconds(2));
    private OutputMode outputMode = OutputMode.UPDATE;
    private OutputFormat outputFormat = OutputFormat.EMOJI;
    private ScalingPolicy scaling = ScalingPolicy.seed();
    private String checkpointDir = DEFAULT_CHECKPOINT_DIR;
    private String startingOffsets = "earliest";
    private OptionalLong maxOffsetsPerTrigger = OptionalLong.empty();
    // May hold nulls until build() rejects them, so that the message names the key.
    private Map<String, String> kafkaOptions = new LinkedHashMap<>();
    private ReactionParser.Config parser = ReactionParser.Config.defaults();

    private Builder() {}

    private Builder(PipelineConfig c) {
      this.bootstrapServers = c.bootstrapServers;
      this.inputTopic = c.inputTopic;
      this.outputTopic = c.outputTopic;
      this.dlqTopic = c.dlqTopic;
      this.deadLetterMaxBytes = c.deadLetterMaxBytes;
      this.window = c.window;
      this.lateness = c.lateness;
      this.trigger = c.trigger;
      this.outputMode = c.outputMode;
      this.outputFormat = c.outputFormat;
      this.scaling = c.scaling;
      this.checkpointDir = c.checkpointDir;
      this.startingOffsets = c.startingOffsets;
      this.maxOffsetsPerTrigger = c.maxOffsetsPerTrigger;
      this.kafkaOptions = new LinkedHashMap<>(c.kafkaOptions);
      this.parser = c.parser;
    }

    /** Kafka bootstrap servers, {@code host:port[,host:port…]}. No default: required, not blank. */
    public Builder bootstrapServers(String value) {
      this.bootstrapServers = value;
      return this;
    }

    /**
     * The reactions topic. Default {@value PipelineConfig#DEFAULT_INPUT_TOPIC}; a Kafka topic name
     * ({@code [a-zA-Z0-9._-]}, 1 to 249 chars), distinct from the output and DLQ topics.
     */
    public Builder inputTopic(String value) {
      this.inputTopic = value;
      return this;
    }

    /** The windowed counts topic. Default {@value PipelineConfig#DEFAULT_OUTPUT_TOPIC}; a topic name as {@link #inputTopic}. */
    public Builder outputTopic(String value) {
      this.outputTopic = value;
      return this;
    }

    /** The rejected records topic. Default {@value PipelineConfig#DEFAULT_DLQ_TOPIC}; a topic name as {@link #inputTopic}. */
    public Builder dlqTopic(String value) {
      this.dlqTopic = value;
      return this;
    }

    /** The tumbling window size. Default 2 s; positive, a whole number of milliseconds. */
    public Builder window(Duration value) {
      this.window = value;
      return this;
    }

    /** The allowed lateness (watermark delay). Default 2 s; {@code >= 0}, a whole number of milliseconds. */
    public Builder lateness(Duration value) {
      this.lateness = value;
      return this;
    }

    /** When micro-batches run. Default every 2 s; not null. */
    public Builder trigger(TriggerSpec value) {
      this.trigger = value;
      return this;
    }

    /** {@link OutputMode#UPDATE} (the default) or {@link OutputMode#APPEND}; not null. */
    public Builder outputMode(OutputMode value) {
      this.outputMode = value;
      return this;
    }

    /**
     * What the output topic receives: {@link OutputFormat#EMOJI} (the default, the output contract,
     * counted per room) or {@link OutputFormat#SEED} (the Python system's aggregate, counted over all
     * rooms; the window must then be a whole number of seconds); not null.
     */
    public Builder outputFormat(OutputFormat value) {
      this.outputFormat = value;
      return this;
    }

    /** How counts become {@code scaled_reactions}. Default {@link ScalingPolicy#seed()}; not null. */
    public Builder scaling(ScalingPolicy value) {
      this.scaling = value;
      return this;
    }

    /**
     * The checkpoint root, a path or a URI Spark understands ({@code hdfs://…}); the query keeps its
     * state in {@code main/} below it, and a restart on the same directory resumes. Default
     * {@value PipelineConfig#DEFAULT_CHECKPOINT_DIR}; not blank.
     */
    public Builder checkpointDir(String value) {
      this.checkpointDir = value;
      return this;
    }

    /**
     * Where to start when the checkpoint is empty: {@code earliest} (the default), {@code latest}
     * (either in any case, surrounding blanks ignored), or Spark's per-partition JSON.
     */
    public Builder startingOffsets(String value) {
      this.startingOffsets = value;
      return this;
    }

    /** The cap on records per micro-batch. Default empty (the whole backlog at once); when present, {@code > 0}. */
    public Builder maxOffsetsPerTrigger(OptionalLong value) {
      this.maxOffsetsPerTrigger = value;
      return this;
    }

    /**
     * Extra Kafka client properties for the source and both sinks, replacing those set so far.
     * Default none; keys without Spark's {@code kafka.} prefix, no null key or value.
     */
    public Builder kafkaOptions(Map<String, String> value) {
      this.kafkaOptions = value == null ? null : new LinkedHashMap<>(value);
      return this;
    }

    /** Adds one Kafka client property, as {@link #kafkaOptions(Map)} describes. */
    public Builder kafkaOption(String key, String value) {
      if (kafkaOptions == null) {
        kafkaOptions = new LinkedHashMap<>();
      }
      kafkaOptions.put(key, value);
      return this;
    }

    /**
     * The most bytes one DLQ record takes (key + value + headers). Default {@value
     * DeadLetterCodec#DEFAULT_MAX_BYTES}, under Kafka's default producer and topic limits; at least
     * {@value DeadLetterCodec#MIN_MAX_BYTES}.
     */
    public Builder deadLetterMaxBytes(int value) {
      this.deadLetterMaxBytes = value;
      return this;
    }

    /** The input parser's configuration. Default {@link ReactionParser.Config#defaults()}; not null. */
    public Builder parser(ReactionParser.Config value) {
      this.parser = value;
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException naming the first invalid field and its value
     */
    public PipelineConfig build() {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("bootstrapServers must be host:port[,host:port...], but was '" + bootstrapServers + "'");
      }
      checkTopic("inputTopic", inputTopic);
      checkTopic("outputTopic", outputTopic);
      checkTopic("dlqTopic", dlqTopic);
      DeadLetterCodec.checkMaxBytes("deadLetterMaxBytes", deadLetterMaxBytes);
      if (inputTopic.equals(outputTopic) || inputTopic.equals(dlqTopic) || outputTopic.equals(dlqTopic)) {
        throw new IllegalArgumentException("inputTopic, outputTopic and dlqTopic must differ, but were '"
            + inputTopic + "', '" + outputTopic + "', '" + dlqTopic + "'");
      }
      try {
        TumblingWindows.of(window);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("window: " + e.getMessage(), e);
      }
      if (lateness == null || lateness.isNegative() || lateness.toNanos() % 1_000_000 != 0) {
        throw new IllegalArgumentException("lateness must be >= 0 and a whole number of milliseconds, but was " + lateness);
      }
      if (trigger == null) {
        throw new IllegalArgumentException("trigger must be an interval or available-now, but was null");
      }
      if (outputMode == null) {
        throw new IllegalArgumentException("outputMode must be update or append, but was null");
      }
      if (outputFormat == null) {
        throw new IllegalArgumentException("outputFormat must be emoji or seed, but was null");
      }
      if (outputFormat == OutputFormat.SEED && window.toMillis() % 1000 != 0) {
        // Its times have no fraction: two windows within one second would print the same start.
        throw new IllegalArgumentException("window must be a whole number of seconds with outputFormat seed, whose times "
            + "have no fraction, but was " + window);
      }
      if (scaling == null) {
        throw new IllegalArgumentException("scaling must be a scaling policy, but was null");
      }
      if (checkpointDir == null || checkpointDir.isBlank()) {
        throw new IllegalArgumentException("checkpointDir must be a directory path, but was '" + checkpointDir + "'");
      }
      String offsets = normalizeOffsets(startingOffsets);
      if (offsets == null || !(offsets.equals("earliest") || offsets.equals("latest") || offsets.trim().startsWith("{"))) {
        throw new IllegalArgumentException(
            "startingOffsets must be 'earliest', 'latest' or Spark's per-partition JSON, but was '" + startingOffsets + "'");
      }
      if (maxOffsetsPerTrigger == null) {
        throw new IllegalArgumentException("maxOffsetsPerTrigger must be empty or > 0, but was null");
      }
      if (maxOffsetsPerTrigger.isPresent() && maxOffsetsPerTrigger.getAsLong() <= 0) {
        throw new IllegalArgumentException("maxOffsetsPerTrigger must be > 0, but was " + maxOffsetsPerTrigger.getAsLong());
      }
      if (kafkaOptions == null) {
        throw new IllegalArgumentException("kafkaOptions must be a map, but was null");
      }
      for (Map.Entry<String, String> e : kafkaOptions.entrySet()) {
        if (e.getKey() == null) {
          throw new IllegalArgumentException("kafkaOptions keys must not be null");
        }
        if (e.getKey().startsWith("kafka.")) {
          throw new IllegalArgumentException(
              "kafkaOptions keys are Kafka client properties without the 'kafka.' prefix, but got '" + e.getKey() + "'");
        }
        if (e.getValue() == null) {
          throw new IllegalArgumentException("kafkaOptions value of '" + e.getKey() + "' must not be null");
        }
      }
      if (parser == null) {
        throw new IllegalArgumentException("parser must be a parser config, but was null");
      }
      return new PipelineConfig(this, offsets, Map.copyOf(kafkaOptions));
    }

    /** {@code earliest} and {@code latest} in any case and without blanks; JSON exactly as given. */
    private static String normalizeOffsets(String value) {
      if (value == null) {
        return null;
      }
      String t = value.trim();
      return t.startsWith("{") ? value : t.toLowerCase(Locale.ROOT);
    }

    private static void checkTopic(String field, String value) {
      if (value == null || !TOPIC.matcher(value).matches() || value.equals(".") || value.equals("..")) {
        throw new IllegalArgumentException(field + " must be a Kafka topic name ([a-zA-Z0-9._-], 1 to 249 chars), but was '" + value + "'");
      }
    }
  }
}
