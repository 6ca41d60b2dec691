package io.emojireactions.apps.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.spark.OutputFormat;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.testkit.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import scala.Tuple4;
import scala.collection.JavaConverters;

/**
 * {@code emoji debug --output-mode complete}: every micro-batch prints the whole result table, as
 * Spark's complete mode gives it, in the format's columns.
 */
class DebugCompleteModeTest {

  private static byte[] reaction(String emoji, String timestamp, String room) {
    return ("{\"user_id\":\"u\",\"emoji_type\":\"" + emoji + "\",\"timestamp\":\"" + timestamp + "\",\"room\":\"" + room + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Runs the debug query in complete mode over {@code batches}, one micro-batch each, and returns what it printed. */
  private static String run(OutputFormat format, List<List<byte[]>> batches) throws Exception {
    MemoryStream<Tuple4<byte[], String, Integer, Long>> source = MemoryStream.apply(
        Encoders.tuple(Encoders.BINARY(), Encoders.STRING(), Encoders.INT(), Encoders.LONG()),
        TestSpark.session().sqlContext());
    PipelineConfig config = PipelineConfig.builder().bootstrapServers("unused:9092")
        .trigger(PipelineConfig.TriggerSpec.every(Duration.ZERO))
        .lateness(Duration.ofSeconds(2))
        .outputFormat(format)
        .build();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    StreamingQuery query = PipelineQueries.startDebug(source.toDF().toDF("value", "topic", "partition", "offset"), config,
        DebugOutputMode.COMPLETE, Optional.empty(), out);
    try {
      long offset = 0;
      for (List<byte[]> batch : batches) {
        List<Tuple4<byte[], String, Integer, Long>> rows = new ArrayList<>();
        for (byte[] v : batch) {
          rows.add(new Tuple4<>(v, "emoji_reactions", 0, offset++));
        }
        source.addData(JavaConverters.asScalaBufferConverter(rows).asScala());
        query.processAllAvailable();
      }
    } finally {
      query.stop();
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static final List<List<byte[]>> BATCHES = List.of(
      List.of(
          reaction("❤", "2025-10-29T22:31:00", "global"),
          reaction("❤️", "2025-10-29T22:31:01.500", "match-1"),
          reaction("👍", "2025-10-29T22:31:02", "global")),
      // Moves the watermark to 22:31:08 (max event time - 2 s lateness) for the next batch.
      List.of(reaction("❤️", "2025-10-29T22:31:10", "match-1")),
      // Its window ended at 22:31:02, before the watermark: update and append mode would drop it.
      List.of(reaction("❤️", "2025-10-29T22:31:01", "global"), "{broken".getBytes(StandardCharsets.UTF_8)));

  @Test
  void seedFormatPrintsThePythonColumnsAndTheWholeTableOverAllRoomsEveryBatch() throws Exception {
    assertThat(run(OutputFormat.SEED, BATCHES).lines().toList()).containsExactly(
        "-- batch 0 (complete): 2 rows",
        "window_start         window_end           emoji   reaction_count  scaled_reactions",
        "2025-10-29 22:31:00  2025-10-29 22:31:02  ❤️                   2                 1",
        "2025-10-29 22:31:02  2025-10-29 22:31:04  👍                   1                 1",
        "-- batch 1 (complete): 3 rows",
        "window_start         window_end           emoji   reaction_count  scaled_reactions",
        "2025-10-29 22:31:00  2025-10-29 22:31:02  ❤️                   2                 1",
        "2025-10-29 22:31:02  2025-10-29 22:31:04  👍                   1                 1",
        "2025-10-29 22:31:10  2025-10-29 22:31:12  ❤️                   1                 1",
        "-- batch 2 (complete): 3 rows",
        "window_start         window_end           emoji   reaction_count  scaled_reactions",
        "2025-10-29 22:31:00  2025-10-29 22:31:02  ❤️                   3                 1",
        "2025-10-29 22:31:02  2025-10-29 22:31:04  👍                   1                 1",
        "2025-10-29 22:31:10  2025-10-29 22:31:12  ❤️                   1                 1");
  }

  @Test
  void emojiFormatPrintsEveryRoomsRowsEveryBatch() throws Exception {
    assertThat(run(OutputFormat.EMOJI, BATCHES.subList(0, 2)).lines().toList()).containsExactly(
        "-- batch 0 (complete): 3 rows",
        "window_start              window_end                room     emoji        count      scaled",
        "2025-10-29T22:31:00Z      2025-10-29T22:31:02Z      global   ❤️               1           1",
        "2025-10-29T22:31:00Z      2025-10-29T22:31:02Z      match-1  ❤️               1           1",
        "2025-10-29T22:31:02Z      2025-10-29T22:31:04Z      global   👍               1           1",
        "-- batch 1 (complete): 4 rows",
        "window_start              window_end                room     emoji        count      scaled",
        "2025-10-29T22:31:00Z      2025-10-29T22:31:02Z      global   ❤️               1           1",
        "2025-10-29T22:31:00Z      2025-10-29T22:31:02Z      match-1  ❤️               1           1",
        "2025-10-29T22:31:02Z      2025-10-29T22:31:04Z      global   👍               1           1",
        "2025-10-29T22:31:10Z      2025-10-29T22:31:12Z      match-1  ❤️               1           1");
  }
}
