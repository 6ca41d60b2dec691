package io.emojireactions.apps.pipeline;

import io.emojireactions.apps.pipeline.AggregationOptions;
import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.apps.pipeline.ProgressLog;
import io.emojireactions.apps.pipeline.RunningPipeline;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopicStatus;
import io.emojireactions.pubsub.TopologyAdmin;
import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.core.OutputMode;
import io.emojireactions.spark.OutputFormat;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.spark.SparkSessions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code emoji pipeline}: Run the Spark Structured Streaming aggregation pipeline: {@code
 * emoji_reactions} → windowed, scaled counts on {@code emoji_main_publisher}; rejected records on
 * {@code emoji_reactions_dlq}. The queries are built by {@link PipelineQueries}.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, description = "Run the Spark Structured Streaming aggregation pipeline.")
public final class PipelineCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineCommand.class);

  @Mixin AggregationOptions options;

  @Option(names = "--output-mode", defaultValue = "update", converter = AggregationOptions.OutputModeConverter.class,
      paramLabel = "update|append",
      description = "update: re-emit a window when its count changes; append: emit each window once, final (default: ${DEFAULT-VALUE}).")
  OutputMode outputMode;

  @Option(names = "--output-topic", defaultValue = PipelineConfig.DEFAULT_OUTPUT_TOPIC, paramLabel = "TOPIC",
      description = "Topic of the windowed counts (default: ${DEFAULT-VALUE}).")
  String outputTopic;

  @Option(names = "--dlq-topic", defaultValue = PipelineConfig.DEFAULT_DLQ_TOPIC, paramLabel = "TOPIC",
      description = "Topic of the rejected records (default: ${DEFAULT-VALUE}).")
  String dlqTopic;

  @Option(names = "--dlq-max-bytes", defaultValue = "" + DeadLetterCodec.DEFAULT_MAX_BYTES, paramLabel = "BYTES",
      description = "Most bytes of one DLQ record (key + value + headers): a larger rejected record is kept cut, marked "
          + "truncated, with its size and SHA-256; keep it under the DLQ topic's max.message.bytes, at least "
          + DeadLetterCodec.MIN_MAX_BYTES + " (default: ${DEFAULT-VALUE}).")
  int dlqMaxBytes;

  @Option(names = "--checkpoint", defaultValue = PipelineConfig.DEFAULT_CHECKPOINT_DIR, paramLabel = "DIR",
      description = "Checkpoint directory; a restart on the same directory resumes (default: ${DEFAULT-VALUE}).")
  String checkpoint;

  @Option(names = "--sentiment",
      description = "Add \"sentiment_score\" (the emoji's Emoji Sentiment Ranking score, null if unscored) to each output message.")
  boolean sentiment;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The validated config of these flags. */
  public PipelineConfig config() {
    try {
      if (sentiment && options.outputFormat == OutputFormat.SEED) {
        throw new IllegalArgumentException("--sentiment adds a field to the output, but --output-format seed writes exactly the "
            + "Python job's five fields: use one of them");
      }
      return options.toBuilder().outputMode(outputMode).outputTopic(outputTopic).dlqTopic(dlqTopic).deadLetterMaxBytes(dlqMaxBytes)
          .checkpointDir(checkpoint)
          .build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = config();
    // The operator's cluster knows its partitions and replication (docs/operations.md): missing
    // topics get the broker's defaults.
    for (TopicStatus status : TopologyAdmin.ensureTopics(new KafkaConnection(config.bootstrapServers(), config.kafkaOptions()),
        TopicSettings.brokerDefaults(), List.of(config.inputTopic(), config.outputTopic(), config.dlqTopic()))) {
      if (status.outcome() == TopicStatus.Outcome.CREATED) {
        LOG.info("topic {} {}", status.topic(), status.message());
      }
    }
    SparkSession spark = SparkSessions.getOrCreate(
        "emoji-pipeline", options.master(), options.shufflePartitions(), options.sparkConf());
    spark.streams().addListener(new ProgressLog());
    LOG.info("pipeline {} -> {} (dlq {}, records at most {} bytes), window {}, lateness {}, trigger {}, {} mode, {} format, scaling {}, checkpoint {}, kafka {} {}",
        config.inputTopic(), config.outputTopic(), config.dlqTopic(), config.deadLetterMaxBytes(), config.window(), config.lateness(),
        config.trigger(), config.outputMode(), config.outputFormat(), config.scaling(), config.checkpointDir(),
        config.bootstrapServers(), KafkaConnection.redact(config.kafkaOptions()));
    RunningPipeline pipeline = PipelineQueries.start(spark, config, !sentiment ? d -> d
        : d -> io.emojireactions.apps.pipeline.SentimentOutput.withSentimentScore(d, io.emojireactions.core.SentimentLexicon.emojiSentimentRanking()));
    Thread stopper = new Thread(() -> {
      try {
        pipeline.stop();
      } catch (Exception e) {
        LOG.warn("stopping the pipeline: {}", e.toString());
      }
    }, "emoji-pipeline-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    pipeline.awaitTermination();
    return 0;
  }
}
