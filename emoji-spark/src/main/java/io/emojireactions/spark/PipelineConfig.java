package io.emojireactions.spark;

import io.emojireactions.core.OutputMode;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.core.TumblingWindows;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything the streaming pipeline needs, validated when built: each message names the field and
 * the value. Immutable; build with {@link #builder(String)}.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port…]}
 * @param inputTopic the reactions topic (default {@code emoji_reactions})
 * @param outputTopic the windowed counts topic (default {@code emoji_main_publisher})
 * @param dlqTopic the rejected records topic (default {@code emoji_reactions_dlq})
 * @param window tumbling window size, a positive whole number of milliseconds (default 2 s)
 * @param lateness watermark delay, {@code >= 0} (default 2 s)
 * @param trigger micro-batch trigger (default every 2 s)
 * @param outputMode update (default) or append
 * @param scaling scaling policy (default {@code seed})
 * @param checkpointDir checkpoint root; the query keeps its state in {@code main/} below it, and a
 *     restart on the same directory resumes (default {@code data/checkpoints/pipeline})
 * @param startingOffsets {@code earliest} (default), {@code latest}, or Spark's per-partition JSON;
 *     used only when the checkpoint is empty
 * @param maxOffsetsPerTrigger cap on records per micro-batch; empty = the whole backlog at once
 * @param kafkaOptions extra Kafka client properties (without Spark's {@code kafka.} prefix), for
 *     the source and both sinks
 * @param parser the input parser's configuration
 */
public record PipelineConfig(
    String bootstrapServers,
    String inputTopic,
    String outputTopic,
    String dlqTopic,
    Duration window,
    Duration lateness,
    TriggerSpec trigger,
    OutputMode outputMode,
    ScalingPolicy scaling,
    String checkpointDir,
    String startingOffsets,
    OptionalLong maxOffsetsPerTrigger,
    Map<String, String> kafkaOptions,
    ReactionParser.Config parser) {

  public static final String DEFAULT_INPUT_TOPIC = "emoji_reactions";
  public static final String DEFAULT_OUTPUT_TOPIC = "emoji_main_publisher";
  public static final String DEFAULT_DLQ_TOPIC = "emoji_reactions_dlq";
  public static final String DEFAULT_CHECKPOINT_DIR = "data/checkpoints/pipeline";

  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public PipelineConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must be host:port[,host:port...], but was '" + bootstrapServers + "'");
    }
    checkTopic("inputTopic", inputTopic);
    checkTopic("outputTopic", outputTopic);
    checkTopic("dlqTopic", dlqTopic);
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
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(outputMode, "outputMode");
    Objects.requireNonNull(scaling, "scaling");
    if (checkpointDir == null || checkpointDir.isBlank()) {
      throw new IllegalArgumentException("checkpointDir must be a directory path, but was '" + checkpointDir + "'");
    }
    if (startingOffsets == null
        || !(startingOffsets.equals("earliest") || startingOffsets.equals("latest") || startingOffsets.trim().startsWith("{"))) {
      throw new IllegalArgumentException(
          "startingOffsets must be 'earliest', 'latest' or Spark's per-partition JSON, but was '" + startingOffsets + "'");
    }
    Objects.requireNonNull(maxOffsetsPerTrigger, "maxOffsetsPerTrigger");
    if (maxOffsetsPerTrigger.isPresent() && maxOffsetsPerTrigger.getAsLong() <= 0) {
      throw new IllegalArgumentException("maxOffsetsPerTrigger must be > 0, but was " + maxOffsetsPerTrigger.getAsLong());
    }
    Objects.requireNonNull(kafkaOptions, "kafkaOptions");
    for (String key : kafkaOptions.keySet()) {
      if (key.startsWith("kafka.")) {
        throw new IllegalArgumentException("kafkaOptions keys are Kafka client properties without the 'kafka.' prefix, but got '" + key + "'");
      }
    }
    kafkaOptions = Map.copyOf(kafkaOptions);
    Objects.requireNonNull(parser, "parser");
  }

  /** The DLQ side output of the parse stage: {@link #dlqTopic} on these brokers, with {@link #kafkaOptions}. */
  public DeadLetterSink deadLetterSink() {
    return new DeadLetterSink(bootstrapServers, dlqTopic, kafkaOptions);
  }

  private static void checkTopic(String field, String value) {
    if (value == null || !TOPIC.matcher(value).matches() || value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException(field + " must be a Kafka topic name ([a-zA-Z0-9._-], 1 to 249 chars), but was '" + value + "'");
    }
  }

  /** A builder with every default set; only the bootstrap servers are required. */
  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    Builder b = new Builder(bootstrapServers);
    b.inputTopic = inputTopic;
    b.outputTopic = outputTopic;
    b.dlqTopic = dlqTopic;
    b.window = window;
    b.lateness = lateness;
    b.trigger = trigger;
    b.outputMode = outputMode;
    b.scaling = scaling;
    b.checkpointDir = checkpointDir;
    b.startingOffsets = startingOffsets;
    b.maxOffsetsPerTrigger = maxOffsetsPerTrigger;
    b.kafkaOptions = new TreeMap<>(kafkaOptions);
    b.parser = parser;
    return b;
  }

  /**
   * When micro-batches run: every {@code interval} ({@link #every}), or once over what is available
   * at start and then stop ({@link #availableNow()}).
   *
   * @param interval the processing-time interval; zero = as fast as possible; null for available-now
   */
  public record TriggerSpec(Duration interval) {
    public TriggerSpec {
      if (interval != null && (interval.isNegative() || interval.toNanos() % 1_000_000 != 0)) {
        throw new IllegalArgumentException("trigger interval must be >= 0 and whole milliseconds, but was " + interval);
      }
    }

    public static TriggerSpec every(Duration interval) {
      return new TriggerSpec(Objects.requireNonNull(interval, "interval"));
    }

    public static TriggerSpec availableNow() {
      return new TriggerSpec(null);
    }

    public boolean isAvailableNow() {
      return interval == null;
    }

    @Override
    public String toString() {
      return isAvailableNow() ? "available-now" : interval.toMillis() + "ms";
    }
  }

  /** Collects settings; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private final String bootstrapServers;
    private String inputTopic = DEFAULT_INPUT_TOPIC;
    private String outputTopic = DEFAULT_OUTPUT_TOPIC;
    private String dlqTopic = DEFAULT_DLQ_TOPIC;
    private Duration window = Duration.ofSeconds(2);
    private Duration lateness = Duration.ofSeconds(2);
    private TriggerSpec trigger = TriggerSpec.every(Duration.ofSeconds(2));
    private OutputMode outputMode = OutputMode.UPDATE;
    private ScalingPolicy scaling;
    private String checkpointDir = DEFAULT_CHECKPOINT_DIR;
    private String startingOffsets = "earliest";
    private OptionalLong maxOffsetsPerTrigger = OptionalLong.empty();
    private Map<String, String> kafkaOptions = new TreeMap<>();
    private ReactionParser.Config parser = ReactionParser.Config.defaults();

    private Builder(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    public Builder inputTopic(String value) { inputTopic = value; return this; }
    public Builder outputTopic(String value) { outputTopic = value; return this; }
    public Builder dlqTopic(String value) { dlqTopic = value; return this; }
    public Builder window(Duration value) { window = value; return this; }
    public Builder lateness(Duration value) { lateness = value; return this; }
    public Builder trigger(TriggerSpec value) { trigger = value; return this; }
    public Builder outputMode(OutputMode value) { outputMode = value; return this; }
    public Builder scaling(ScalingPolicy value) { scaling = value; return this; }
    public Builder checkpointDir(String value) { checkpointDir = value; return this; }
    public Builder parser(ReactionParser.Config value) { parser = value; return this; }

    public Builder startingOffsets(String value) {
      startingOffsets = value == null ? null : value.trim().toLowerCase(Locale.ROOT).startsWith("{") ? value : value.trim().toLowerCase(Locale.ROOT);
      return this;
    }

    public Builder maxOffsetsPerTrigger(OptionalLong value) { maxOffsetsPerTrigger = value; return this; }

    public Builder kafkaOption(String key, String value) {
      kafkaOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public PipelineConfig build() {
      return new PipelineConfig(bootstrapServers, inputTopic, outputTopic, dlqTopic, window, lateness, trigger,
          outputMode, scaling == null ? ScalingPolicy.seed() : scaling, checkpointDir, startingOffsets,
          maxOffsetsPerTrigger, kafkaOptions, parser);
    }
  }
}
