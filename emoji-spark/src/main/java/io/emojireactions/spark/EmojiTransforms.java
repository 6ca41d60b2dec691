package io.emojireactions.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.window;

import io.emojireactions.core.DeadLetter;
import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.core.OutputMode;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.core.TumblingWindows;
import io.emojireactions.spark.internal.OutputColumns;
import io.emojireactions.spark.internal.ParseAndCountPartitions;
import io.emojireactions.spark.internal.ParsePartitions;
import io.emojireactions.spark.internal.ParserSettings;
import io.emojireactions.spark.internal.ScalingColumns;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The pipeline's steps as pure static {@code Dataset<Row> -> Dataset<Row>} functions, each usable
 * alone on a static or a streaming Dataset, chained with {@link Dataset#transform}:
 *
 * <pre>{@code
 * Dataset<Row> parsed = kafka.transform(d -> EmojiTransforms.parse(d, ReactionParser.Config.defaults()));
 * Dataset<Row> out = parsed
 *     .transform(EmojiTransforms::validReactions)
 *     .transform(d -> EmojiTransforms.windowCounts(d, Duration.ofSeconds(2), Duration.ofSeconds(2)))
 *     .transform(d -> EmojiTransforms.scale(d, ScalingPolicy.seed()))
 *     .transform(d -> EmojiTransforms.toOutputRecords(d, OutputMode.UPDATE));
 * Dataset<Row> dlq = parsed.transform(EmojiTransforms::rejected).transform(EmojiTransforms::toDlqRecords);
 * }</pre>
 *
 * <p>In a streaming pipeline, {@link #parse(Dataset, ReactionParser.Config, DeadLetterSink)}
 * writes the DLQ as a side output of the same parse, so the input is read once.
 *
 * <p>Every rule comes from emoji-core: parsing and validation ({@link ReactionParser}, run once per
 * partition), window alignment (Spark's {@code window()}, which core's {@link TumblingWindows}
 * mirrors), scaling ({@link ScalingPolicy} turned into one when/otherwise Column, no UDF) and the
 * output JSON (byte-identical to {@code WindowedCountJson.toJson}; tested).
 *
 * <p>Stateless: every method may be called from any thread. Arguments must not be null unless a
 * method says so; a bad duration or count is an {@code IllegalArgumentException} naming it. The
 * returned Datasets are lazy, as Spark's are: nothing runs until an action or a streaming query
 * starts.
 */
public final class EmojiTransforms {

  private EmojiTransforms() {}

  /**
   * Parses Kafka source rows ({@code value} binary, {@code topic}, {@code partition}, {@code
   * offset}; other columns ignored) with core's {@link ReactionParser}. One row per input row:
   * {@code valid} (boolean); for valid rows {@code room, user_id, emoji, event_time} (timestamp,
   * millisecond precision); for rejected rows {@code reason} (a {@code RejectReason} name), {@code
   * message}, {@code original} (the value bytes), {@code original_text} (the value as text when it
   * is well-formed UTF-8, else null), {@code source_topic, source_partition, source_offset}, {@code
   * source_timestamp_ms} (the Kafka timestamp in epoch milliseconds; null when the rows have no
   * {@code timestamp} column).
   */
  public static Dataset<Row> parse(Dataset<Row> kafkaRows, ReactionParser.Config parserConfig) {
    return parse(kafkaRows, parserConfig, null);
  }

  /**
   * As {@link #parse(Dataset, ReactionParser.Config)}, and each rejected record is also written to
   * {@code deadLetters} as it is parsed (the {@link #toDlqRecords} message and key), so one read of
   * the input feeds both the aggregation and the DLQ. At least once: a task fails unless every
   * rejected record it sent is acknowledged, and a retried task or re-run micro-batch may send a
   * record again (see {@link DeadLetterSink}). The rejected rows stay in the output (for metrics).
   *
   * @param deadLetters the DLQ topic; null = rows only, as the two-argument form
   */
  public static Dataset<Row> parse(Dataset<Row> kafkaRows, ReactionParser.Config parserConfig, DeadLetterSink deadLetters) {
    ParserSettings settings = ParserSettings.of(Objects.requireNonNull(parserConfig, "parserConfig"));
    return kafkaRows
        .select(kafkaColumns(kafkaRows))
        .mapPartitions(new ParsePartitions(settings, deadLetters), Encoders.row(ParsePartitions.SCHEMA))
        .withColumn("event_time", timestamp_millis(col("event_time_ms")))
        .drop("event_time_ms");
  }

  /**
   * Parses and counts in one pass over each partition, for a pipeline that needs only the counts:
   * what {@code parse → validReactions} gives, already counted per (room, {@code window}, emoji)
   * within each partition, so one row per key leaves a partition instead of one per reaction.
   * Rejected records go to {@code deadLetters} as in {@link #parse(Dataset, ReactionParser.Config,
   * DeadLetterSink)}. Feed the result to {@link #windowCountsOfPartitionCounts} with the same {@code window}: the
   * counts, the watermark and the late records come out exactly as from the per-reaction rows
   * (a key's row carries the latest event time of its reactions, which lies in its window).
   *
   * <p>Columns: {@code room, emoji, event_time} (timestamp), {@code reactions} (long), and for
   * metrics {@code records, rejected} (long): each partition adds one row with null room, emoji
   * and event time carrying its rejected count, so {@code sum(records)} and {@code sum(rejected)}
   * are the input's counts. {@link #windowCountsOfPartitionCounts} skips that row.
   *
   * @param deadLetters the DLQ topic; null = rejected records are only counted
   */
  public static Dataset<Row> parseAndCount(
      Dataset<Row> kafkaRows, ReactionParser.Config parserConfig, Duration window, DeadLetterSink deadLetters) {
    ParserSettings settings = ParserSettings.of(Objects.requireNonNull(parserConfig, "parserConfig"));
    long sizeMs = TumblingWindows.of(window).sizeMs();
    return kafkaRows
        .select(kafkaColumns(kafkaRows))
        .mapPartitions(new ParseAndCountPartitions(settings, sizeMs, deadLetters), Encoders.row(ParseAndCountPartitions.SCHEMA))
        .withColumn("event_time", timestamp_millis(col("event_time_ms")))
        .drop("event_time_ms");
  }

  /**
   * The Kafka source columns the parse stages read; {@code timestamp} (for the DLQ) is epoch
   * milliseconds, null when the rows have none. A long rather than a timestamp: turning each
   * record's timestamp into a {@code java.sql.Timestamp} (with its calendar rebasing) cost more
   * than the parse of a valid record, for a value only a rejected record uses.
   */
  private static Column[] kafkaColumns(Dataset<Row> kafkaRows) {
    Column timestamp = Arrays.asList(kafkaRows.columns()).contains("timestamp")
        ? unix_millis(col("timestamp").cast("timestamp")) : lit(null).cast("long");
    return new Column[] {col("value").cast("binary"), col("topic"), col("partition"), col("offset"), timestamp};
  }

  /** The valid reactions of {@link #parse}'s output: {@code room, user_id, emoji, event_time}. */
  public static Dataset<Row> validReactions(Dataset<Row> parsed) {
    return parsed.where(col("valid")).select("room", "user_id", "emoji", "event_time");
  }

  /**
   * The rejected records of {@link #parse}'s output: {@code reason, message, original,
   * original_text, source_topic, source_partition, source_offset, source_timestamp_ms}.
   */
  public static Dataset<Row> rejected(Dataset<Row> parsed) {
    return parsed.where(col("valid").equalTo(false))
        .select("reason", "message", "original", "original_text", "source_topic", "source_partition", "source_offset",
            "source_timestamp_ms");
  }

  /**
   * DLQ records for Kafka's sink ({@code df.write().format("kafka")}), in {@link DeadLetterCodec}'s
   * envelope bounded by {@link DeadLetterCodec#DEFAULT_MAX_BYTES}: {@code key} ({@code
   * topic-partition@offset} of the source), {@code value} (the JSON envelope), {@code headers}
   * ({@code reason, message, source_topic, source_partition, source_offset}):
   * <pre>{@code
   * {"reason":"NOT_AN_EMOJI","message":"…","source_topic":"emoji_reactions","source_partition":0,
   *  "source_offset":7,"source_timestamp":"2025-10-29T22:31:00.123Z","original_size":60,
   *  "original_sha256":"95006e…","truncated":false,"original":"{\"user_id\":…}"}
   * }</pre>
   * {@code original} holds the value when it is well-formed UTF-8, otherwise {@code
   * original_base64}; neither when the record had no value; cut to fit and {@code truncated}
   * when the record would exceed the bound.
   */
  public static Dataset<Row> toDlqRecords(Dataset<Row> rejected) {
    return toDlqRecords(rejected, DeadLetterCodec.DEFAULT_MAX_BYTES);
  }

  /**
   * As {@link #toDlqRecords(Dataset)}, each record (key + value + headers) at most {@code maxBytes}:
   * the same records the streaming side output of {@link #parse(Dataset, ReactionParser.Config,
   * DeadLetterSink)} writes. Input: {@link #rejected}'s columns.
   *
   * @throws IllegalArgumentException when {@code maxBytes} is below {@link DeadLetterCodec#MIN_MAX_BYTES}
   */
  public static Dataset<Row> toDlqRecords(Dataset<Row> rejected, int maxBytes) {
    DeadLetterCodec.checkMaxBytes("maxBytes", maxBytes);
    return rejected
        .select("reason", "message", "source_topic", "source_partition", "source_offset", "source_timestamp_ms", "original")
        .map((MapFunction<Row, Row>) r -> {
          DeadLetterCodec.Encoded e = DeadLetterCodec.encode(DeadLetter.of(r.getString(0), r.getString(1),
              r.isNullAt(2) ? null : r.getString(2), r.isNullAt(3) ? null : r.getInt(3), r.isNullAt(4) ? null : r.getLong(4),
              r.isNullAt(5) ? null : r.getLong(5), r.isNullAt(6) ? null : (byte[]) r.get(6)), maxBytes);
          List<Row> headers = new ArrayList<>();
          e.headers().forEach((name, value) -> headers.add(RowFactory.create(name, value.getBytes(StandardCharsets.UTF_8))));
          return RowFactory.create(e.key() == null ? null : new String(e.key(), StandardCharsets.UTF_8),
              new String(e.value(), StandardCharsets.UTF_8), headers.toArray());
        }, Encoders.row(DLQ_RECORD));
  }

  private static final StructType DLQ_RECORD = new StructType()
      .add("key", DataTypes.StringType, true)
      .add("value", DataTypes.StringType, false)
      .add("headers", DataTypes.createArrayType(new StructType()
          .add("key", DataTypes.StringType, false)
          .add("value", DataTypes.BinaryType, true)), false);

  /**
   * Counts reactions per (room, window, emoji) in tumbling event-time windows of {@code window}
   * (Spark's {@code window()}: epoch-aligned, half-open) with a watermark of max event time minus
   * {@code lateness}. Input: one row per reaction ({@code room, emoji, event_time}, as from
   * {@link #validReactions}). Output: {@code room, window_start, window_end} (timestamps),
   * {@code emoji, reaction_count} (long). On a streaming Dataset, late records (window end at or
   * before the watermark) are dropped; on a static Dataset the watermark is a no-op.
   */
  public static Dataset<Row> windowCounts(Dataset<Row> reactions, Duration window, Duration lateness) {
    return windowCounts(reactions, window, lateness, OutputFormat.EMOJI);
  }

  /**
   * {@link #windowCounts(Dataset, Duration, Duration)} with the aggregation key of {@code format}:
   * for {@link OutputFormat#SEED} the count is per (window, emoji) over all rooms, the Python job's
   * key, and the output has no {@code room} column ({@code window_start, window_end, emoji,
   * reaction_count}); for {@link OutputFormat#EMOJI} it is that method's.
   */
  public static Dataset<Row> windowCounts(Dataset<Row> reactions, Duration window, Duration lateness, OutputFormat format) {
    return windowAggregate(reactions, window, lateness, count(lit(1)), format);
  }

  /**
   * {@link #windowCounts} over {@link #parseAndCount}'s output (use the same {@code window}):
   * the partial counts are summed and the metric rows skipped. Same output, same watermark, same
   * late records as {@code windowCounts} over the per-reaction rows.
   *
   * <p>Its streaming state holds a sum where {@code windowCounts}'s holds a count, so a checkpoint
   * written by one cannot be resumed by the other.
   */
  public static Dataset<Row> windowCountsOfPartitionCounts(Dataset<Row> partitionCounts, Duration window, Duration lateness) {
    return windowCountsOfPartitionCounts(partitionCounts, window, lateness, OutputFormat.EMOJI);
  }

  /**
   * {@link #windowCountsOfPartitionCounts(Dataset, Duration, Duration)} with the aggregation key of
   * {@code format}, as {@link #windowCounts(Dataset, Duration, Duration, OutputFormat)} describes.
   * The two keys keep differently shaped state, so a checkpoint written with one format fails to
   * resume with the other (Spark's state schema check) rather than mixing the two counts.
   */
  public static Dataset<Row> windowCountsOfPartitionCounts(
      Dataset<Row> partitionCounts, Duration window, Duration lateness, OutputFormat format) {
    return windowAggregate(partitionCounts.where(col("event_time").isNotNull()), window, lateness, sum(col("reactions")), format);
  }

  private static Dataset<Row> windowAggregate(Dataset<Row> input, Duration window, Duration lateness, Column count,
      OutputFormat format) {
    long sizeMs = TumblingWindows.of(window).sizeMs();
    if (lateness == null || lateness.isNegative()) {
      throw new IllegalArgumentException("lateness must be >= 0, but was " + lateness);
    }
    Column windowColumn = window(col("event_time"), sizeMs + " milliseconds").as("window");
    Dataset<Row> watermarked = input.withWatermark("event_time", lateness.toMillis() + " milliseconds");
    if (!Objects.requireNonNull(format, "format").countsPerRoom()) {
      // The room is left out of the key, not replaced by a constant: every room's reactions add up
      // in one state row per (window, emoji), as the Python job counts them.
      return watermarked
          .groupBy(windowColumn, col("emoji"))
          .agg(count.as("reaction_count"))
          .select(
              col("window.start").as("window_start"),
              col("window.end").as("window_end"),
              col("emoji"),
              col("reaction_count"));
    }
    return watermarked
        .groupBy(col("room"), windowColumn, col("emoji"))
        .agg(count.as("reaction_count"))
        .select(
            col("room"),
            col("window.start").as("window_start"),
            col("window.end").as("window_end"),
            col("emoji"),
            col("reaction_count"));
  }

  /** {@code policy} applied to {@code count} as one when/otherwise expression (long). */
  public static Column scaledColumn(Column count, ScalingPolicy policy) {
    return ScalingColumns.scaled(count, Objects.requireNonNull(policy, "policy"));
  }

  /** Adds {@code scaled_reactions} to {@link #windowCounts}'s output. */
  public static Dataset<Row> scale(Dataset<Row> counts, ScalingPolicy policy) {
    return counts.withColumn("scaled_reactions", scaledColumn(col("reaction_count"), policy));
  }

  /**
   * Records for Kafka's sink: {@code key} = {@code WindowedCountJson.key(room, emoji)}, {@code
   * value} = the output JSON contract, byte-identical to {@code WindowedCountJson.toJson}, with
   * {@code final} = true in append mode (each window emitted once, closed) and false in update mode.
   */
  public static Dataset<Row> toOutputRecords(Dataset<Row> scaledCounts, OutputMode mode) {
    return toOutputRecords(scaledCounts, mode, OutputFormat.EMOJI);
  }

  /**
   * Records for Kafka's sink in {@code format}. {@link OutputFormat#EMOJI}: as {@link
   * #toOutputRecords(Dataset, OutputMode)}. {@link OutputFormat#SEED}: the Python job's aggregate,
   * from {@link #windowCounts(Dataset, Duration, Duration, OutputFormat)}'s seed output scaled
   * (any room column is ignored), the same in either mode (it has no {@code final}):
   * <pre>{@code
   * key   = 2025-10-29 22:31:00
   * value = {"window_start": "2025-10-29 22:31:00", "window_end": "2025-10-29 22:31:02", "emoji": "❤️", "reaction_count": 3785, "scaled_reactions": 3785}
   * }</pre>
   * Times are UTC, {@code yyyy-MM-dd HH:mm:ss}; the key is the value's {@code window_start}.
   */
  public static Dataset<Row> toOutputRecords(Dataset<Row> scaledCounts, OutputMode mode, OutputFormat format) {
    boolean isFinal = Objects.requireNonNull(mode, "mode") == OutputMode.APPEND;
    if (Objects.requireNonNull(format, "format") == OutputFormat.SEED) {
      return scaledCounts.select(OutputColumns.seedJson().as("value"))
          .select(OutputColumns.seedKey(col("value")).as("key"), col("value"));
    }
    return scaledCounts.select(OutputColumns.outputKey().as("key"), OutputColumns.outputJson(isFinal).as("value"));
  }

  /**
   * The {@code n} emojis with the highest {@code reaction_count} per (room, window_start); ties by
   * emoji, ascending. Window functions are not supported on streaming Datasets, so in a streaming
   * query apply this inside {@code foreachBatch} to each batch's output (in update mode a batch
   * holds only the keys that changed, so the ranking is over those: a consumer that needs the
   * window's overall Top-N ranks the max-merged counts, or runs in append mode where each batch
   * holds the final counts of the windows it closes).
   */
  public static Dataset<Row> topN(Dataset<Row> counts, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be > 0, but was " + n);
    }
    return counts
        .withColumn("rank", row_number().over(
            Window.partitionBy(col("room"), col("window_start")).orderBy(col("reaction_count").desc(), col("emoji"))))
        .where(col("rank").leq(n))
        .drop("rank");
  }
}
