package io.emojireactions.spark;

import io.emojireactions.testkit.TestSpark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_millis;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small builders of static test Datasets. */
final class SparkRows {

  private SparkRows() {}

  static final StructType KAFKA = new StructType()
      .add("key", DataTypes.BinaryType, true)
      .add("value", DataTypes.BinaryType, true)
      .add("topic", DataTypes.StringType, false)
      .add("partition", DataTypes.IntegerType, false)
      .add("offset", DataTypes.LongType, false);

  /** Kafka-like rows: values in offset order on topic t, partition 0. */
  static Dataset<Row> kafka(List<byte[]> values) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      rows.add(RowFactory.create(null, values.get(i), "t", 0, (long) i));
    }
    return TestSpark.session().createDataFrame(rows, KAFKA);
  }

  /** Reactions (room, user_id, emoji, event_time) from (room, emoji, epoch ms) triples. */
  static Dataset<Row> reactions(List<Object[]> roomEmojiMs) {
    StructType schema = new StructType()
        .add("room", DataTypes.StringType)
        .add("user_id", DataTypes.StringType)
        .add("emoji", DataTypes.StringType)
        .add("event_time_ms", DataTypes.LongType);
    List<Row> rows = roomEmojiMs.stream().map(t -> RowFactory.create(t[0], "u", t[1], t[2])).toList();
    return TestSpark.session().createDataFrame(rows, schema)
        .withColumn("event_time", timestamp_millis(col("event_time_ms")))
        .drop("event_time_ms");
  }

  static long ms(Object timestamp) {
    return ((Timestamp) timestamp).getTime();
  }
}
