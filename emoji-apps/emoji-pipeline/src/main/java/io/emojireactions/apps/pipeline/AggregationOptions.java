package io.emojireactions.apps.pipeline;

import io.emojireactions.apps.internal.KafkaClientOptions;
import io.emojireactions.apps.internal.RoomPolicyOptions;
import picocli.CommandLine.Mixin;
import io.emojireactions.apps.internal.Durations;
import io.emojireactions.core.OutputMode;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.spark.OutputFormat;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.spark.PipelineConfig.TriggerSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The flags {@code emoji pipeline} and {@code emoji debug} share: Kafka input, windowing, trigger,
 * output format, scaling and Spark settings. The flag names are a contract. {@code --output-mode}
 * is each command's own: {@code debug} also takes {@code complete}.
 */
public final class AggregationOptions {

  /** --bootstrap-servers, --kafka-config, --kafka-property (alias --kafka-option): for the source, both sinks and topic creation. */
  @Mixin KafkaClientOptions kafka = new KafkaClientOptions();

  /** --rooms-allowed, --room-pattern: the same room policy as the ingest's. */
  @Mixin RoomPolicyOptions rooms = new RoomPolicyOptions();

  @Option(names = "--input-topic", defaultValue = PipelineConfig.DEFAULT_INPUT_TOPIC, paramLabel = "TOPIC",
      description = "Topic of the input reactions (default: ${DEFAULT-VALUE}).")
  String inputTopic;

  @Option(names = "--window", defaultValue = "2s", converter = Durations.Converter.class, paramLabel = "DURATION",
      description = "Tumbling window size, e.g. 2s, 500ms, 1m (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Option(names = "--lateness", defaultValue = "2s", converter = Durations.Converter.class, paramLabel = "DURATION",
      description = "Allowed lateness: watermark = max event time - lateness (default: ${DEFAULT-VALUE}).")
  Duration lateness;

  @Option(names = "--max-future-skew", defaultValue = "2s", paramLabel = "DURATION|off",
      description = "A reaction stamped more than this ahead of the pipeline's clock goes to the DLQ as FUTURE_TIMESTAMP, so a forged "
          + "timestamp cannot push the watermark past the clock (keep it <= --lateness); off = no check (default: ${DEFAULT-VALUE}).")
  String maxFutureSkew;

  @Option(names = "--trigger", defaultValue = "2s", converter = TriggerConverter.class, paramLabel = "DURATION|available-now",
      description = "Micro-batch interval, or available-now: process what is in the topic, then exit (default: ${DEFAULT-VALUE}).")
  TriggerSpec trigger;

  @Option(names = "--output-format", defaultValue = "emoji", converter = OutputFormatConverter.class, paramLabel = "emoji|seed",
      description = "emoji: the output contract, counted per room; seed: the Python job's aggregate (window_start, window_end, "
          + "emoji, reaction_count, scaled_reactions; UTC times without zone; key = window start), counted over all rooms "
          + "(default: ${DEFAULT-VALUE}).")
  OutputFormat outputFormat;

  @Option(names = "--scaling", defaultValue = "seed", converter = ScalingConverter.class, paramLabel = "POLICY",
      description = "seed, per-1000, identity, ratio:N or tiers:50=1,1000=1,else=count (default: ${DEFAULT-VALUE}).")
  ScalingPolicy scaling;

  @Option(names = "--master", paramLabel = "MASTER",
      description = "Spark master; default: the configured spark.master (spark-submit), else local[*].")
  String master;

  @Option(names = "--starting-offsets", defaultValue = "earliest", paramLabel = "earliest|latest",
      description = "Where to start when the checkpoint is empty (default: ${DEFAULT-VALUE}).")
  String startingOffsets;

  @Option(names = "--max-offsets-per-trigger", paramLabel = "N",
      description = "Cap on records per micro-batch (default: none, the whole backlog in one batch).")
  Long maxOffsetsPerTrigger;

  @Option(names = "--shuffle-partitions", paramLabel = "N",
      description = "spark.sql.shuffle.partitions (default: the configured value, else the local core count).")
  Integer shufflePartitions;

  @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "Extra Spark setting (repeatable).")
  Map<String, String> sparkConf = new LinkedHashMap<>();

  /** A config builder with every shared flag applied (topics, output mode and checkpoint are the command's). */
  public PipelineConfig.Builder toBuilder() {
    PipelineConfig.Builder b = PipelineConfig.builder().bootstrapServers(kafka.bootstrapServers())
        .inputTopic(inputTopic)
        .window(window)
        .lateness(lateness)
        .trigger(trigger)
        .outputFormat(outputFormat)
        .scaling(scaling)
        .startingOffsets(startingOffsets)
        .maxOffsetsPerTrigger(maxOffsetsPerTrigger == null ? OptionalLong.empty() : OptionalLong.of(maxOffsetsPerTrigger));
    kafka.properties().forEach(b::kafkaOption);
    b.parser(ReactionParser.Config.builder().maxFutureSkew(maxFutureSkew().orElse(null)).roomPolicy(rooms.policy()).build());
    return b;
  }

  /** The future-skew limit, or empty for {@code off}. */
  public Optional<Duration> maxFutureSkew() {
    String t = maxFutureSkew == null ? "off" : maxFutureSkew.trim();
    if (t.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Durations.parse(t));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--max-future-skew: " + e.getMessage() + " (or 'off')", e);
    }
  }

  public Optional<String> master() {
    return Optional.ofNullable(master);
  }

  public OptionalInt shufflePartitions() {
    return shufflePartitions == null ? OptionalInt.empty() : OptionalInt.of(shufflePartitions);
  }

  public Map<String, String> sparkConf() {
    return Map.copyOf(sparkConf);
  }

  /** {@code available-now} or a duration. */
  public static TriggerSpec parseTrigger(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("available-now") || t.equals("availablenow")) {
      return TriggerSpec.availableNow();
    }
    try {
      return TriggerSpec.every(Durations.parse(t));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trigger must be a duration (2s, 500ms) or 'available-now', but was '" + text + "'");
    }
  }

  static final class TriggerConverter implements CommandLine.ITypeConverter<TriggerSpec> {
    @Override
    public TriggerSpec convert(String value) {
      try {
        return parseTrigger(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * {@code emoji pipeline}'s {@code --output-mode}: core's modes. {@code complete} is refused with
   * its own reason: it is a Spark mode, but only {@code emoji debug} offers it.
   */
  static final class OutputModeConverter implements CommandLine.ITypeConverter<OutputMode> {
    @Override
    public OutputMode convert(String value) {
      if (value != null && value.trim().equalsIgnoreCase("complete")) {
        throw new CommandLine.TypeConversionException("'" + value + "' is for 'emoji debug' only: the pipeline would re-send "
            + "every window to Kafka at every trigger and keep every window's state forever; use update or append");
      }
      try {
        return OutputMode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code emoji debug}'s {@code --output-mode}: update, append or complete. */
  static final class DebugOutputModeConverter implements CommandLine.ITypeConverter<DebugOutputMode> {
    @Override
    public DebugOutputMode convert(String value) {
      try {
        return DebugOutputMode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class OutputFormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ScalingConverter implements CommandLine.ITypeConverter<ScalingPolicy> {
    @Override
    public ScalingPolicy convert(String value) {
      try {
        return ScalingPolicy.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
