package io.emojireactions.apps.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.emojireactions.core.OutputMode;
import io.emojireactions.spark.DeadLetterSink;
import io.emojireactions.spark.EmojiTransforms;
import io.emojireactions.spark.OutputFormat;
import io.emojireactions.spark.PipelineConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Builds and starts the pipeline's streaming query from a {@link PipelineConfig}: the tested core
 * of {@code emoji pipeline} and {@code emoji debug} (their {@code call()} only parses flags).
 *
 * <p>One query, one read of the input. Kafka → parse and count per partition (core's parser; each
 * rejected record is sent to {@code emoji_reactions_dlq} by the parse stage itself, a side output
 * through one producer per executor; the valid reactions counted per (room, window, emoji) before
 * they leave the partition) → watermark → window count (sum) → scale → JSON → {@code emoji_main_publisher},
 * checkpoint {@code <checkpoint>/main}. A streaming query has one sink and the aggregation's sink
 * only sees aggregated rows, so the rejected records leave from the parse stage. Both outputs are
 * at least once: the micro-batch commits only after its tasks succeeded, and a parse task fails
 * unless every DLQ record it sent is acknowledged (docs/semantics.md). Earlier versions ran a
 * second query that read and parsed the whole input again just for the DLQ.
 */
public final class PipelineQueries {

  /** Name of the main query (its progress is logged as the pipeline's progress). */
  public static final String MAIN_QUERY = "emoji-pipeline";
  /** Name of the debug query. */
  public static final String DEBUG_QUERY = "emoji-debug";
  /** Observed metric on the main query: {@code records} and {@code rejected} per micro-batch. */
  public static final String PARSE_METRICS = "emoji_parse";

  private PipelineQueries() {}

  /**
   * The Kafka source over {@code inputTopic}, with the configured offsets and batch cap. Reads
   * {@code isolation.level=read_committed} (Kafka's default is read_uncommitted): a record of an
   * aborted transaction is never counted; a client property in the config may override it.
   */
  public static Dataset<Row> kafkaSource(SparkSession spark, PipelineConfig config) {
    var reader = spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", config.bootstrapServers())
        .option("subscribe", config.inputTopic())
        .option("startingOffsets", config.startingOffsets())
        .option("kafka.isolation.level", "read_committed");
    config.maxOffsetsPerTrigger().ifPresent(n -> reader.option("maxOffsetsPerTrigger", n));
    kafkaOptions(config).forEach(reader::option);
    return reader.load();
  }

  /**
   * The input parsed and counted per (room, window, emoji) within each partition ({@link
   * EmojiTransforms#parseAndCount}), with the {@value #PARSE_METRICS} metrics observed; rejected
   * records also go to {@code deadLetters} (null: counted only).
   */
  public static Dataset<Row> counted(Dataset<Row> kafkaRows, PipelineConfig config, DeadLetterSink deadLetters) {
    return EmojiTransforms.parseAndCount(kafkaRows, config.parser(), config.window(), deadLetters)
        // coalesce: a sum over no rows is null, and the progress line reads longs
        .observe(PARSE_METRICS, coalesce(sum(col("records")), lit(0L)).as("records"),
            coalesce(sum(col("rejected")), lit(0L)).as("rejected"));
  }

  /**
   * room, window_start, window_end, emoji, reaction_count, scaled_reactions of {@link #counted}'s
   * rows; in the seed output format without room, counted per (window, emoji) over all rooms.
   */
  public static Dataset<Row> scaledCounts(Dataset<Row> counted, PipelineConfig config) {
    return counted
        .transform(d -> EmojiTransforms.windowCountsOfPartitionCounts(d, config.window(), config.lateness(), config.outputFormat()))
        .transform(d -> EmojiTransforms.scale(d, config.scaling()));
  }

  /** Starts the pipeline's query (see the class comment) over the Kafka source. */
  public static RunningPipeline start(SparkSession spark, PipelineConfig config) throws TimeoutException {
    return start(spark, config, java.util.function.UnaryOperator.identity());
  }

  /** {@link #start(SparkSession, PipelineConfig)} with {@code outputHook} applied to the main query's output records (e.g. {@link SentimentOutput}). */
  public static RunningPipeline start(SparkSession spark, PipelineConfig config, java.util.function.UnaryOperator<Dataset<Row>> outputHook)
      throws TimeoutException {
    Dataset<Row> main = scaledCounts(counted(kafkaSource(spark, config), config, config.deadLetterSink()), config)
        .transform(d -> EmojiTransforms.toOutputRecords(d, config.outputMode(), config.outputFormat()))
        .transform(outputHook::apply);
    StreamingQuery mainQuery = kafkaSink(main.writeStream(), config, config.outputTopic(), "main")
        .queryName(MAIN_QUERY)
        .outputMode(outputMode(config.outputMode()))
        .start();
    return new RunningPipeline(mainQuery);
  }

  /**
   * Starts the debug query in the config's output mode: {@link #startDebug(Dataset, PipelineConfig,
   * DebugOutputMode, Optional, PrintStream)} with {@code DebugOutputMode.of(config.outputMode())}.
   */
  public static StreamingQuery startDebug(
      Dataset<Row> kafkaRows, PipelineConfig config, Optional<String> checkpointDir, PrintStream out)
      throws TimeoutException {
    return startDebug(kafkaRows, config, DebugOutputMode.of(config.outputMode()), checkpointDir, out);
  }

  /**
   * Starts the debug query: the same aggregation over {@code kafkaRows} (with the config's output
   * format's key and columns), each micro-batch printed to {@code out} as a table ({@link
   * DebugTable}); publishes nothing. In {@link DebugOutputMode#COMPLETE} each batch prints the
   * whole result table and Spark keeps all state for as long as the query runs.
   *
   * @param mode Spark's output mode for the printed table; it replaces {@code config.outputMode()}
   * @param checkpointDir where to keep state; empty = a temporary checkpoint, deleted at stop
   */
  public static StreamingQuery startDebug(Dataset<Row> kafkaRows, PipelineConfig config, DebugOutputMode mode,
      Optional<String> checkpointDir, PrintStream out) throws TimeoutException {
    OutputFormat format = config.outputFormat();
    DataStreamWriter<Row> writer = scaledCounts(counted(kafkaRows, config, null), config).writeStream()
        .queryName(DEBUG_QUERY)
        .outputMode(mode.sparkName())
        .trigger(trigger(config))
        .foreachBatch((Dataset<Row> batch, Long batchId) -> {
          List<DebugTable.Line> lines = DebugTable.lines(batch.collectAsList());
          synchronized (out) {
            out.print(DebugTable.format(batchId, mode, format, lines));
            out.flush();
          }
        });
    checkpointDir.ifPresent(dir -> writer.option("checkpointLocation", checkpointLocation(dir, "debug")));
    return writer.start();
  }

  private static DataStreamWriter<Row> kafkaSink(DataStreamWriter<Row> writer, PipelineConfig config, String topic,
      String checkpointSubDir) {
    writer.format("kafka")
        .option("kafka.bootstrap.servers", config.bootstrapServers())
        .option("topic", topic)
        .option("checkpointLocation", checkpointLocation(config.checkpointDir(), checkpointSubDir))
        .trigger(trigger(config));
    kafkaOptions(config).forEach(writer::option);
    return writer;
  }

  /**
   * {@code dir/sub} joined as text, not with java.nio's Path, which collapses the "//" of a URI
   * ({@code s3a://bucket/x} would become {@code s3a:/bucket/x}, a path on the default file system).
   */
  static String checkpointLocation(String dir, String sub) {
    return dir.replaceAll("/+$", "") + "/" + sub;
  }

  static Trigger trigger(PipelineConfig config) {
    return config.trigger().isAvailableNow()
        ? Trigger.AvailableNow()
        : Trigger.ProcessingTime(config.trigger().interval().toMillis());
  }

  static String outputMode(OutputMode mode) {
    return mode.name().toLowerCase(Locale.ROOT);
  }

  /** The client properties as Spark's Kafka source and sink take them: each key with the {@code kafka.} prefix. */
  private static Map<String, String> kafkaOptions(PipelineConfig config) {
    Map<String, String> out = new java.util.TreeMap<>();
    config.kafkaOptions().forEach((k, v) -> out.put("kafka." + k, v));
    return out;
  }
}
