package io.emojireactions.bench.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.window;

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
 * emoji_type).agg(count, first)}, update mode, JSON to a Kafka topic (no record key), trigger
 * available-now. No validation, no normalization, no DLQ, no rooms. Run twice: with Spark's
 * default 200 shuffle partitions, as the seed ran it ({@code seed-shape-200}), and with as many
 * as there are local cores, the project's setting ({@code seed-shape-cores}).
 */
final class SeedShapeTarget implements Target {

  private static final StructType SCHEMA = new StructType()
      .add("user_id", DataTypes.StringType)
      .add("emoji_type", DataTypes.StringType)
      .add("timestamp", DataTypes.StringType);

  private final String name;
  private final boolean partitionsPerCore;

  SeedShapeTarget(String name, boolean partitionsPerCore) {
    this.name = name;
    this.partitionsPerCore = partitionsPerCore;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public OutputCheck.Format outputFormat() {
    return OutputCheck.Format.SEED;
  }

  @Override
  public Pass run(BenchContext bench, String topic, long records, String label) throws Exception {
    SparkSession spark = bench.spark();
    spark.conf().set("spark.sql.shuffle.partitions", partitionsPerCore ? Integer.toString(bench.localCores()) : "200");
    String out = bench.newTopic("bench-" + name + "-out-" + label);

    long start = System.nanoTime();
    Dataset<Row> events = spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", bench.bootstrap())
        .option("subscribe", topic)
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
        .option("checkpointLocation", bench.workDir().resolve(name + "-checkpoint-" + label).toString())
        .outputMode("update")
        .trigger(Trigger.AvailableNow())
        .queryName("bench-" + name + "-" + label)
        .start();
    query.awaitTermination();
    long wall = System.nanoTime() - start;
    return PipelineTarget.pass(bench, query, wall, out);
  }
}
