package io.emojireactions.spark.internal;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.Reaction;
import io.emojireactions.spark.DeadLetterSink;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs core's {@link io.emojireactions.core.ReactionParser} over one partition of Kafka rows ({@link PartitionParser}):
 * one output row per input row. Input columns, in this order: {@code value} (binary), {@code
 * topic}, {@code partition}, {@code offset}, {@code timestamp}. With a {@link DeadLetterSink}, each rejected record
 * is also sent to the DLQ topic as it is parsed.
 */
public final class ParsePartitions implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  /** The rows this function produces; {@code event_time_ms} becomes a timestamp afterwards. */
  public static final StructType SCHEMA = new StructType()
      .add("valid", DataTypes.BooleanType, false)
      .add("room", DataTypes.StringType, true)
      .add("user_id", DataTypes.StringType, true)
      .add("emoji", DataTypes.StringType, true)
      .add("event_time_ms", DataTypes.LongType, true)
      .add("reason", DataTypes.StringType, true)
      .add("message", DataTypes.StringType, true)
      .add("original", DataTypes.BinaryType, true)
      .add("original_text", DataTypes.StringType, true)
      .add("source_topic", DataTypes.StringType, true)
      .add("source_partition", DataTypes.IntegerType, true)
      .add("source_offset", DataTypes.LongType, true)
      .add("source_timestamp_ms", DataTypes.LongType, true);

  private final ParserSettings settings;
  private final DeadLetterSink deadLetters;

  /** @param deadLetters where rejected records also go as they are parsed; null = nowhere (rows only) */
  public ParsePartitions(ParserSettings settings, DeadLetterSink deadLetters) {
    this.settings = settings;
    this.deadLetters = deadLetters;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    PartitionParser parser = new PartitionParser(settings, deadLetters);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        boolean more = input.hasNext();
        if (!more) {
          parser.finish();
        }
        return more;
      }

      @Override
      public Row next() {
        Row in = input.next();
        ParseResult result = parser.parse(in);
        if (result instanceof ParseResult.Valid valid) {
          Reaction r = valid.reaction();
          return RowFactory.create(
              true, r.room(), r.userId(), r.emoji(), r.eventTimeMs(),
              null, null, null, null, null, null, null, null);
        }
        PartitionParser.Rejection r = parser.reject(in, (ParseResult.Rejected) result);
        return RowFactory.create(
            false, null, null, null, null,
            r.result().reason().name(), r.result().message(), r.value(), r.text(), r.topic(), r.partition(), r.offset(),
            r.timestampMs());
      }
    };
  }
}
