package io.emojireactions.spark.internal;

import io.emojireactions.core.DeadLetter;
import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.core.ParseResult;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.spark.DeadLetterSink;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Core's {@link ReactionParser} over the Kafka rows of one partition (columns {@code value},
 * {@code topic}, {@code partition}, {@code offset}, {@code timestamp}, in this order; the
 * timestamp may be null), sending each rejected record
 * to the DLQ as it is parsed when there is a {@link DeadLetterSink}. The one place both parse
 * stages ({@link ParsePartitions}, {@link ParseAndCountPartitions}) take their parsing and DLQ
 * handling from.
 *
 * <p>The partition's DLQ sends are flushed and checked by {@link #finish()} when the input is
 * exhausted, and again when the task completes, so a task (and so its micro-batch) fails rather
 * than succeeding with an unacknowledged DLQ record.
 */
final class PartitionParser {

  /** A rejected record, with its source coordinates and its value as text when that is UTF-8. */
  record Rejection(ParseResult.Rejected result, byte[] value, String text, String topic, Integer partition, Long offset,
      Long timestampMs) {}

  private final ReactionParser parser;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final DeadLetterProducers.Batch dlq;
  private final int dlqMaxBytes;

  /** Call once per partition, on the executor (the parser is built here, not shipped). */
  PartitionParser(ParserSettings settings, DeadLetterSink deadLetters) {
    this.parser = ReactionParser.create(settings.toConfig());
    this.dlq = deadLetters == null ? null : DeadLetterProducers.batch(deadLetters);
    this.dlqMaxBytes = deadLetters == null ? DeadLetterCodec.DEFAULT_MAX_BYTES : deadLetters.maxBytes();
    TaskContext task = TaskContext.get();
    if (dlq != null && task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> {
        if (!context.isFailed()) {
          dlq.finish();
        }
      });
    }
  }

  /** Parses one row's value (its first column). */
  ParseResult parse(Row in) {
    return parser.parse(in.isNullAt(0) ? null : (byte[]) in.get(0));
  }

  /**
   * The rejected record of {@code in}, with everything the DLQ shows about it; sent to the DLQ
   * (when there is one) before this returns.
   */
  Rejection reject(Row in, ParseResult.Rejected rejected) {
    byte[] value = in.isNullAt(0) ? null : (byte[]) in.get(0);
    Rejection r = new Rejection(rejected, value, textOrNull(utf8, value),
        in.isNullAt(1) ? null : in.getString(1),
        in.isNullAt(2) ? null : in.getInt(2),
        in.isNullAt(3) ? null : in.getLong(3),
        timestampMs(in));
    if (dlq != null) {
      dlq.send(DeadLetterCodec.encode(deadLetter(r), dlqMaxBytes));
    }
    return r;
  }

  /** The dead letter of a rejection: what the DLQ record says about it. */
  static DeadLetter deadLetter(Rejection r) {
    return DeadLetter.of(r.result().reason().name(), r.result().message(), r.topic(), r.partition(), r.offset(), r.timestampMs(),
        r.value());
  }

  /**
   * The Kafka timestamp (column 4) in epoch milliseconds, or null: a long (what the parse stages
   * select), a Timestamp, or an Instant under Spark's Java 8 time API.
   */
  private static Long timestampMs(Row in) {
    if (in.size() < 5 || in.isNullAt(4)) {
      return null;
    }
    Object ts = in.get(4);
    if (ts instanceof Long ms) {
      return ms;
    }
    if (ts instanceof java.sql.Timestamp t) {
      return t.getTime();
    }
    if (ts instanceof java.time.Instant i) {
      return i.toEpochMilli();
    }
    return null;
  }

  /** Waits for the partition's DLQ sends and fails if any failed (no-op without a DLQ). */
  void finish() {
    if (dlq != null) {
      dlq.finish();
    }
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
