package io.emojireactions.bench.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.window;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.testkit.TopicIO;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * (b) The seed's query shape, written in Spark Java as the seed wrote it: {@code from_json} with a
 * schema, the timestamp string cast to a timestamp, {@code groupBy(window(timestamp, "2 seconds"),
 * emoji_type).agg(count, first)}, update mode, Spark's default 200 shuffle partitions, JSON to a
 * Kafka topic, trigger available-now. No validation, no normalization, no DLQ, no rooms.
 */
final class SeedShapeTarget implements Target {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final StructType SCHEMA = new StructType()
      .add("user_id", DataTypes.StringType)
      .add("emoji_type", DataTypes.StringType)
      .add("timestamp", DataTypes.StringType);

  @Override
  public String name() {
    return "seed-shape";
  }

  @Override
  public RunResult run(BenchContext bench, int run) throws Exception {
    SparkSession spark = bench.spark();
    spark.conf().set("spark.sql.shuffle.partitions", "200"); // Spark's default, as the seed ran it
    String out = bench.newTopic("bench-seed-out-" + run);

    long start = System.nanoTime();
    Dataset<Row> events = spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", bench.bootstrap())
        .option("subscribe", bench.inputTopic())
        .option("startingOffsets", "earliest")
        .load()
        .selectExpr("CAST(value AS STRING) AS json")
        .select(from_json(col("json"), SCHEMA).alias("data"))
        .select("data.*")
        .withColumn("timestamp", col("timestamp").cast("timestamp"));
    Dataset<Row> counts = events
        .groupBy(window(col("timestamp"), "2 seconds"), col("emoji_type"))
        .agg(count("emoji_type").alias("emoji_count"), first("user_id").alias("user_id"));
    StreamingQuery query = counts
        .select(to_json(struct(col("window"), col("emoji_type"), col("emoji_count"), col("user_id"))).alias("value"))
        .writeStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", bench.bootstrap())
        .option("topic", out)
        .option("checkpointLocation", bench.workDir().resolve("seed-checkpoint-" + run).toString())
        .outputMode("update")
        .trigger(Trigger.AvailableNow())
        .queryName("bench-seed-shape-" + run)
        .start();
    query.awaitTermination();
    long wall = System.nanoTime() - start;

    OutputCheck.Merger merger = new OutputCheck.Merger();
    for (String value : TopicIO.readValues(bench.bootstrap(), out, Duration.ofMinutes(2))) {
      JsonNode n = JSON.readTree(value);
      long windowStart = OffsetDateTime.parse(n.get("window").get("start").asText()).toInstant().toEpochMilli();
      merger.add(ReactionGenerator.DEFAULT_ROOM, windowStart, n.get("emoji_type").asText(), n.get("emoji_count").asLong());
    }
    return new RunResult(bench.records(), wall, merger.against(bench.truth()));
  }
}
