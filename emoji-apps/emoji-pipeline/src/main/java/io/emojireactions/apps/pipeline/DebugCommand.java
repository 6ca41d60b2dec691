package io.emojireactions.apps.pipeline;

import io.emojireactions.apps.pipeline.AggregationOptions;
import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.apps.pipeline.ProgressLog;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.spark.SparkSessions;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code emoji debug}: the pipeline's aggregation over the input topic, each micro-batch printed to
 * stdout as a table (window, room, emoji, count, scaled; with {@code --output-format seed} the
 * Python job's columns); publishes nothing, creates no topic. {@code --output-mode complete}
 * prints the whole result table every trigger, as the Python debug job does, and keeps all state.
 */
@Command(name = "debug", mixinStandardHelpOptions = true, description = "Print every micro-batch of the aggregation as a table; publishes nothing.")
public final class DebugCommand implements Callable<Integer> {

  @Mixin AggregationOptions options;

  @Option(names = "--output-mode", defaultValue = "update", converter = AggregationOptions.DebugOutputModeConverter.class,
      paramLabel = "update|append|complete",
      description = "update: print the windows whose count changed; append: print each window once, final; complete: print "
          + "the whole result table every trigger (keeps every window's state while it runs) (default: ${DEFAULT-VALUE}).")
  DebugOutputMode outputMode;

  @Option(names = "--checkpoint", paramLabel = "DIR",
      description = "Checkpoint directory (default: a temporary one, so each run starts afresh).")
  String checkpoint;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The validated config of these flags. */
  public PipelineConfig config() {
    try {
      // The config holds one of the pipeline's modes; the query itself runs in outputMode.
      PipelineConfig.Builder b = options.toBuilder().outputMode(outputMode.pipelineMode());
      if (checkpoint != null) {
        b.checkpointDir(checkpoint);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = config();
    SparkSession spark = SparkSessions.getOrCreate("emoji-debug", options.master(), options.shufflePartitions(),
        options.sparkConf());
    spark.conf().set("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true");
    spark.streams().addListener(new ProgressLog());
    StreamingQuery query = PipelineQueries.startDebug(PipelineQueries.kafkaSource(spark, config), config, outputMode,
        Optional.ofNullable(checkpoint), System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        query.stop();
      } catch (Exception e) {
        // shutting down anyway
      }
    }, "emoji-debug-shutdown"));
    query.awaitTermination();
    return 0;
  }
}
