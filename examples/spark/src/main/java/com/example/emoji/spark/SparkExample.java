package com.example.emoji.spark;

import io.emojireactions.core.OutputMode;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.spark.DeadLetterSink;
import io.emojireactions.spark.EmojiTransforms;
import io.emojireactions.spark.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * emoji-spark: the transforms of EmojiTransforms chained on a static Dataset (run by main) and on
 * a Kafka stream ({@link #startKafkaPipeline}, run by main when given bootstrap servers).
 */
public final class SparkExample {

  /** The columns EmojiTransforms.parse reads, as Spark's Kafka source names them. */
  static final StructType KAFKA_ROWS = new StructType()
      .add("value", DataTypes.BinaryType)
      .add("topic", DataTypes.StringType)
      .add("partition", DataTypes.IntegerType)
      .add("offset", DataTypes.LongType);

  public static void main(String[] args) throws Exception {
    // local[2], 2 shuffle partitions, driver on 127.0.0.1, no UI. Closing it stops Spark before
    // the JVM exits. src/main/resources/log4j2.properties keeps Spark's log at WARN.
    try (SparkSession spark = SparkSessions.getOrCreate("emoji-example", Optional.of("local[2]"), OptionalInt.of(2), Map.of())) {
      if (args.length == 0) {
        staticPipeline(spark);
      } else {
        StreamingQuery query = startKafkaPipeline(spark, args[0], args.length > 1 ? args[1] : "/tmp/emoji-example-checkpoint");
        query.awaitTermination();
      }
    }
  }

  /** The whole chain on a static Dataset: parse, valid reactions, 2 s windows, scale, output JSON. */
  static void staticPipeline(SparkSession spark) {
    List<String> values = List.of(
        "{\"user_id\":\"u1\",\"emoji_type\":\"❤\",\"timestamp\":\"2025-10-29T22:31:00.5\"}",
        "{\"user_id\":\"u2\",\"emoji_type\":\"❤️\",\"timestamp\":\"2025-10-29T22:31:01.2\"}",
        "{\"user_id\":\"u3\",\"emoji_type\":\"👍\",\"timestamp\":\"2025-10-29T22:31:02.0\"}",
        "{\"user_id\":\"u4\",\"emoji_type\":\"hello\",\"timestamp\":\"2025-10-29T22:31:01Z\"}");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      rows.add(RowFactory.create(values.get(i).getBytes(StandardCharsets.UTF_8), "emoji_reactions", 0, (long) i));
    }
    Dataset<Row> kafka = spark.createDataFrame(rows, KAFKA_ROWS);

    Dataset<Row> parsed = kafka.transform(d -> EmojiTransforms.parse(d, ReactionParser.Config.defaults()));
    Dataset<Row> out = parsed
        .transform(EmojiTransforms::validReactions)
        .transform(d -> EmojiTransforms.windowCounts(d, Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .transform(d -> EmojiTransforms.scale(d, ScalingPolicy.seed()))
        .transform(d -> EmojiTransforms.toOutputRecords(d, OutputMode.UPDATE));
    Dataset<Row> dlq = parsed.transform(EmojiTransforms::rejected).transform(EmojiTransforms::toDlqRecords);

    for (Row row : out.orderBy("value").collectAsList()) {
      System.out.println(row.getString(0) + " " + row.getString(1));
    }
    for (Row row : dlq.collectAsList()) {
      System.out.println("dlq " + row.getString(0) + " " + row.getString(1));
    }
  }

  /**
   * The same chain on a Kafka stream (needs spark-sql-kafka-0-10 at run time): reads
   * emoji_reactions, writes the counts to emoji_main_publisher. The parse stage writes the rejects
   * to emoji_reactions_dlq itself (a DeadLetterSink), so the input is read once.
   */
  static StreamingQuery startKafkaPipeline(SparkSession spark, String bootstrapServers, String checkpointDir)
      throws TimeoutException {
    Dataset<Row> kafka = spark.readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("subscribe", "emoji_reactions")
        .option("startingOffsets", "earliest")
        .load(); // key, value (binary), topic, partition, offset, timestamp, timestampType

    DeadLetterSink dlq = new DeadLetterSink(bootstrapServers, "emoji_reactions_dlq", Map.of());
    Dataset<Row> out = kafka
        .transform(d -> EmojiTransforms.parse(d, ReactionParser.Config.defaults(), dlq))
        .transform(EmojiTransforms::validReactions)
        .transform(d -> EmojiTransforms.windowCounts(d, Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .transform(d -> EmojiTransforms.scale(d, ScalingPolicy.seed()))
        .transform(d -> EmojiTransforms.toOutputRecords(d, OutputMode.UPDATE));

    return out.writeStream()
        .format("kafka")
        .outputMode("update")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("topic", "emoji_main_publisher")
        .option("checkpointLocation", checkpointDir)
        .start();
  }
}
