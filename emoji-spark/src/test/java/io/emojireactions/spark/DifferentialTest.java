package io.emojireactions.spark;

import io.emojireactions.testkit.TestSpark;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.OutputMode;
import io.emojireactions.core.ParseResult;
import io.emojireactions.core.Reaction;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.core.TumblingWindows;
import io.emojireactions.core.WindowedAggregator;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import scala.Tuple4;
import scala.collection.JavaConverters;

/**
 * The Spark transforms and core's pure-Java {@link WindowedAggregator} get the same seeded random
 * input, batch by batch; every micro-batch's output (as output JSON) and the late counts must be
 * identical. Each run prints its seed, so a failure can be replayed.
 */
class DifferentialTest {

  private static final Map<String, Map<Long, List<String>>> OUTPUT = new ConcurrentHashMap<>();
  private static final AtomicInteger RUNS = new AtomicInteger();
  /** Data batches per run (each followed by Spark's no-data batch when the watermark moved). */
  private static final int BATCHES = 5;

  /**
   * {@code perReaction}: parse → validReactions → windowCounts (one row per reaction);
   * {@code counted}: parseAndCount → windowCountsOfPartitionCounts (the pipeline's shape).
   */
  @ParameterizedTest(name = "seed {0}, window {1} ms, lateness {2} ms, {3}, {5}")
  @CsvSource({
      "1, 2000, 2000, UPDATE, seed, perReaction",
      "2, 2000, 2000, APPEND, seed, perReaction",
      "3, 500, 1000, UPDATE, per-1000, perReaction",
      "4, 3000, 0, APPEND, ratio:3, perReaction",
      "1, 2000, 2000, UPDATE, seed, counted",
      "2, 2000, 2000, APPEND, seed, counted",
      "3, 500, 1000, UPDATE, per-1000, counted"})
  void sparkTransformsEqualCoreAggregatorBatchByBatch(long seed, long windowMs, long latenessMs, OutputMode mode,
      String scaling, String shape) throws Exception {
    System.out.printf("DifferentialTest: seed=%d window=%dms lateness=%dms mode=%s scaling=%s shape=%s%n",
        seed, windowMs, latenessMs, mode, scaling, shape);
    ScalingPolicy policy = ScalingPolicy.parse(scaling);
    Duration window = Duration.ofMillis(windowMs);
    Duration lateness = Duration.ofMillis(latenessMs);
    String run = "run" + RUNS.incrementAndGet();
    OUTPUT.put(run, new ConcurrentHashMap<>());

    MemoryStream<Tuple4<byte[], String, Integer, Long>> source = MemoryStream.apply(
        Encoders.tuple(Encoders.BINARY(), Encoders.STRING(), Encoders.INT(), Encoders.LONG()),
        TestSpark.session().sqlContext());
    Dataset<Row> kafkaRows = source.toDF().toDF("value", "topic", "partition", "offset");
    Dataset<Row> windowCounts = shape.equals("counted")
        ? EmojiTransforms.parseAndCount(kafkaRows, ReactionParser.Config.defaults(), window, null)
            .transform(d -> EmojiTransforms.windowCountsOfPartitionCounts(d, window, lateness))
        : kafkaRows.transform(d -> EmojiTransforms.parse(d, ReactionParser.Config.defaults()))
            .transform(EmojiTransforms::validReactions)
            .transform(d -> EmojiTransforms.windowCounts(d, window, lateness));
    Dataset<Row> counts = windowCounts
        .transform(d -> EmojiTransforms.scale(d, policy))
        .transform(d -> EmojiTransforms.toOutputRecords(d, mode));
    StreamingQuery query = counts.writeStream()
        .outputMode(mode.name().toLowerCase())
        .foreachBatch((Dataset<Row> batch, Long batchId) -> OUTPUT.get(run).put(batchId,
            batch.select("value").as(Encoders.STRING()).collectAsList()))
        .start();

    ReactionParser parser = ReactionParser.create();
    WindowedAggregator core = WindowedAggregator.create(
        WindowedAggregator.Config.builder().window(TumblingWindows.of(window)).lateness(lateness).outputMode(mode).scaling(policy).build());
    ReactionGenerator generator = new ReactionGenerator(seed, 1_761_777_060_000L + seed * 7919);
    long offset = 0;
    long lastBatch = -1;
    long sparkLateRecords = 0;
    long sparkDroppedRows = 0;
    long coreDistinctLateKeys = 0;
    int comparedBatches = 0;
    try {
      for (int b = 0; b < BATCHES; b++) {
        List<byte[]> values = generator.batch(40 + 40 * (b % 3), 2500 + 1000L * (b % 2));
        List<Tuple4<byte[], String, Integer, Long>> rows = new ArrayList<>();
        for (byte[] v : values) {
          rows.add(new Tuple4<>(v, "t", 0, offset++));
        }
        source.addData(JavaConverters.asScalaBufferConverter(rows).asScala());
        query.processAllAvailable();

        List<StreamingQueryProgress> progress = Arrays.stream(query.recentProgress())
            // Only executed batches: an idle trigger also reports "progress" (no addBatch), with the batch id of the next batch.
            .filter(p -> p.durationMs().containsKey("addBatch")).sorted((x, y) -> Long.compare(x.batchId(), y.batchId())).toList();
        for (StreamingQueryProgress p : progress) {
          if (p.batchId() <= lastBatch) {
            continue;
          }
          lastBatch = p.batchId();
          boolean hasData = !java.util.Objects.equals(p.sources()[0].startOffset(), p.sources()[0].endOffset());
          if (hasData) {
            long watermarkBefore = core.watermarkMs();
            long sparkWatermark = Instant.parse(p.eventTime().get("watermark")).toEpochMilli();
            if (watermarkBefore != Long.MIN_VALUE) {
              assertThat(sparkWatermark).as("watermark of batch %d", p.batchId()).isEqualTo(watermarkBefore);
            }
            Set<WindowedCount.Key> lateKeys = new HashSet<>();
            for (byte[] v : values) {
              if (parser.parse(v) instanceof ParseResult.Valid valid) {
                Reaction r = valid.reaction();
                // Spark's rule, judged independently of core: late when the window ended at or
                // before the watermark Spark reports for this batch.
                if (TumblingWindows.of(window).windowFor(r.eventTimeMs()).endMs() <= sparkWatermark) {
                  sparkLateRecords++;
                }
                if (!core.add(r)) {
                  lateKeys.add(new WindowedCount.Key(r.room(), TumblingWindows.windowStart(r.eventTimeMs(), windowMs), r.emoji()));
                }
              }
            }
            coreDistinctLateKeys += lateKeys.size();
          }
          for (StateOperatorProgress op : p.stateOperators()) {
            sparkDroppedRows += op.numRowsDroppedByWatermark();
          }
          List<String> expected = core.endBatch().stream()
              .map(c -> new String(WindowedCountJson.toJson(c), StandardCharsets.UTF_8)).sorted().toList();
          List<String> actual = OUTPUT.get(run).getOrDefault(p.batchId(), List.of()).stream().sorted().toList();
          assertThat(actual).as("seed %d, batch %d (%d input rows)", seed, p.batchId(), p.numInputRows())
              .isEqualTo(expected);
          comparedBatches++;
        }
      }
    } finally {
      query.stop();
    }
    System.out.printf("DifferentialTest: seed=%d compared %d batches, %d late records, %d state rows%n",
        seed, comparedBatches, core.lateRecords(), core.stateSize());
    assertThat(comparedBatches).isGreaterThanOrEqualTo(BATCHES);
    // Spark's numRowsDroppedByWatermark counts rows after partial aggregation: with one input
    // partition per batch that is one row per late (room, window, emoji) key.
    assertThat(sparkDroppedRows).as("Spark's dropped rows = late keys").isEqualTo(coreDistinctLateKeys);
    // The records behind the watermark Spark reported for their batch are exactly those core dropped.
    assertThat(sparkLateRecords).as("late records judged by Spark's watermark").isEqualTo(core.lateRecords());
    assertThat(core.lateRecords()).as("the input exercised lateness").isPositive();
  }
}
