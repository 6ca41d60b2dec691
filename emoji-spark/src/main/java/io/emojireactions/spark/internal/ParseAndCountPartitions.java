package io.emojireactions.spark.internal;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.Reaction;
import io.emojireactions.core.TumblingWindows;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.spark.DeadLetterSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Parses one partition of Kafka rows ({@link PartitionParser}, rejected records to the DLQ as
 * they are parsed) and counts its valid reactions per (room, window, emoji) before anything
 * leaves the partition: one output row per key instead of one per reaction, so Spark's row
 * conversion, partial aggregation and shuffle see thousands of rows per batch instead of
 * millions.
 *
 * <p>Each key's row carries the latest event time among its reactions. That instant lies in the
 * key's window, so Spark's {@code window()} puts the row where it would have put each reaction,
 * and the watermark (the maximum event time of the batch) comes out as it would have. The late
 * rule (window end at or before the watermark) judges whole windows, so dropping a key's row
 * drops exactly the reactions Spark would have dropped one by one.
 *
 * <p>Memory is bounded: once {@value #MAX_KEYS} keys are held, they are emitted and counting
 * starts again, so a key may leave a partition in several rows; the aggregation sums them (and
 * the latest event time stays the latest).
 *
 * <p>The last row of every partition has a null room, emoji and event time, and carries the
 * partition's rejected count, so {@code sum(records)} and {@code sum(rejected)} over all rows are
 * the input's record and rejected counts (the pipeline's observed metrics).
 */
public final class ParseAndCountPartitions implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  /** Keys held per partition before they are emitted (about 100 bytes each). */
  static final int MAX_KEYS = 100_000;

  /** The rows this function produces; {@code event_time_ms} becomes a timestamp afterwards. */
  public static final StructType SCHEMA = new StructType()
      .add("room", DataTypes.StringType, true)
      .add("emoji", DataTypes.StringType, true)
      .add("event_time_ms", DataTypes.LongType, true)
      .add("reactions", DataTypes.LongType, false)
      .add("records", DataTypes.LongType, false)
      .add("rejected", DataTypes.LongType, false);

  private final ParserSettings settings;
  private final DeadLetterSink deadLetters;
  private final long windowMs;
  private final int maxKeys;

  /** One key's running count and latest event time. */
  private static final class KeyCount {
    long reactions;
    long latestEventMs = Long.MIN_VALUE;
  }

  /**
   * @param windowMs the window size; must be the aggregation's, so keys are its windows
   * @param deadLetters where rejected records go as they are parsed; null = nowhere (counted only)
   */
  public ParseAndCountPartitions(ParserSettings settings, long windowMs, DeadLetterSink deadLetters) {
    this(settings, windowMs, deadLetters, MAX_KEYS);
  }

  ParseAndCountPartitions(ParserSettings settings, long windowMs, DeadLetterSink deadLetters, int maxKeys) {
    this.settings = settings;
    this.windowMs = windowMs;
    this.deadLetters = deadLetters;
    this.maxKeys = maxKeys;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    PartitionParser parser = new PartitionParser(settings, deadLetters);
    return new Iterator<>() {
      private final Map<WindowedCount.Key, KeyCount> counts = new HashMap<>();
      private Iterator<Row> ready = java.util.Collections.emptyIterator();
      private long rejected;
      private boolean done;

      @Override
      public boolean hasNext() {
        while (!ready.hasNext() && !done) {
          ready = countSome().iterator();
        }
        return ready.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.next();
      }

      /** Counts input until {@code maxKeys} keys are held or the input ends; returns the rows to emit. */
      private List<Row> countSome() {
        while (counts.size() < maxKeys && input.hasNext()) {
          Row in = input.next();
          ParseResult result = parser.parse(in);
          if (result instanceof ParseResult.Valid valid) {
            Reaction r = valid.reaction();
            long eventMs = r.eventTimeMs();
            KeyCount count = counts.computeIfAbsent(
                new WindowedCount.Key(r.room(), TumblingWindows.windowStart(eventMs, windowMs), r.emoji()),
                k -> new KeyCount());
            count.reactions++;
            count.latestEventMs = Math.max(count.latestEventMs, eventMs);
          } else {
            parser.reject(in, (ParseResult.Rejected) result);
            rejected++;
          }
        }
        List<Row> out = new ArrayList<>(counts.size() + 1);
        counts.forEach((key, count) ->
            out.add(RowFactory.create(key.room(), key.emoji(), count.latestEventMs, count.reactions, count.reactions, 0L)));
        counts.clear();
        if (!input.hasNext()) {
          parser.finish(); // the DLQ sends of this partition are acknowledged before its last row
          out.add(RowFactory.create(null, null, null, 0L, rejected, rejected));
          done = true;
        }
        return out;
      }
    };
  }
}
