package io.emojireactions.spark.internal;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.Reaction;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.spark.DeadLetterSink;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Runs core's {@link ReactionParser} over one partition of Kafka rows. The parser is built once
 * per partition (not per row, not shipped from the driver). Input columns, in this order:
 * {@code value} (binary), {@code topic}, {@code partition}, {@code offset}.
 *
 * <p>With a {@link DeadLetterSink}, each rejected record is also sent to the DLQ topic as it is
 * parsed ({@link DeadLetterProducers}); the partition's sends are flushed and checked when its
 * input is exhausted, and again when the task completes, so a task (and so its micro-batch) fails
 * rather than succeeding with an unacknowledged DLQ record.
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
      .add("source_offset", DataTypes.LongType, true);

  private final ParserSettings settings;
  private final DeadLetterSink deadLetters;

  /** @param deadLetters where rejected records also go as they are parsed; null = nowhere (rows only) */
  public ParsePartitions(ParserSettings settings, DeadLetterSink deadLetters) {
    this.settings = settings;
    this.deadLetters = deadLetters;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    ReactionParser parser = ReactionParser.create(settings.toConfig());
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    DeadLetterProducers.Batch dlq = deadLetters == null ? null : DeadLetterProducers.batch(deadLetters);
    TaskContext task = TaskContext.get();
    if (dlq != null && task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> {
        if (!context.isFailed()) {
          dlq.finish();
        }
      });
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        boolean more = input.hasNext();
        if (!more && dlq != null) {
          dlq.finish();
        }
        return more;
      }

      @Override
      public Row next() {
        Row in = input.next();
        byte[] value = in.isNullAt(0) ? null : (byte[]) in.get(0);
        ParseResult result = parser.parse(value);
        if (result instanceof ParseResult.Valid valid) {
          Reaction r = valid.reaction();
          return RowFactory.create(
              true, r.room(), r.userId(), r.emoji(), r.eventTimeMs(),
              null, null, null, null, null, null, null);
        }
        ParseResult.Rejected rejected = (ParseResult.Rejected) result;
        String reason = rejected.reason().name();
        String text = textOrNull(utf8, value);
        String topic = in.isNullAt(1) ? null : in.getString(1);
        Integer partition = in.isNullAt(2) ? null : in.getInt(2);
        Long offset = in.isNullAt(3) ? null : in.getLong(3);
        if (dlq != null) {
          String key = DeadLetterJson.key(topic, partition, offset);
          dlq.send(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
              DeadLetterJson.valueBytes(reason, rejected.message(), topic, partition, offset, value, text));
        }
        return RowFactory.create(
            false, null, null, null, null,
            reason, rejected.message(), value, text, topic, partition, offset);
      }
    };
  }

  /** The value as text when it is well-formed UTF-8, so the DLQ shows it readably; else null (base64 then). */
  static String textOrNull(CharsetDecoder utf8, byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      return utf8.reset().decode(ByteBuffer.wrap(value)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
