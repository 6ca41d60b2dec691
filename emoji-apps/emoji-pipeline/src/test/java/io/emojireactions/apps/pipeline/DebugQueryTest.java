package io.emojireactions.apps.pipeline;

import io.emojireactions.testkit.TestSpark;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.OutputMode;
import io.emojireactions.spark.PipelineConfig;
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

class DebugQueryTest {

  private static byte[] reaction(String emoji, String timestamp, String room) {
    return ("{\"user_id\":\"u\",\"emoji_type\":\"" + emoji + "\",\"timestamp\":\"" + timestamp + "\""
        + (room == null ? "" : ",\"room\":\"" + room + "\"") + "}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void printsEachMicroBatchAsATableOfWindowRoomEmojiCountAndScaled() throws Exception {
    MemoryStream<Tuple4<byte[], String, Integer, Long>> source = MemoryStream.apply(
        Encoders.tuple(Encoders.BINARY(), Encoders.STRING(), Encoders.INT(), Encoders.LONG()),
        TestSpark.session().sqlContext());
    PipelineConfig config = PipelineConfig.builder().bootstrapServers("unused:9092")
        .trigger(PipelineConfig.TriggerSpec.every(Duration.ZERO))
        .outputMode(OutputMode.UPDATE)
        .build();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    StreamingQuery query = PipelineQueries.startDebug(
        source.toDF().toDF("value", "topic", "partition", "offset"), config, Optional.empty(), out);
    try {
      List<Tuple4<byte[], String, Integer, Long>> rows = new ArrayList<>();
      long offset = 0;
      for (byte[] v : List.of(
          reaction("❤", "2025-10-29T22:31:00.100", null),
          reaction("❤️", "2025-10-29T22:31:01.999Z", null),
          reaction("👍", "2025-10-29T22:31:02", "match-1"),
          "{broken".getBytes(StandardCharsets.UTF_8))) {
        rows.add(new Tuple4<>(v, "emoji_reactions", 0, offset++));
      }
      source.addData(JavaConverters.asScalaBufferConverter(rows).asScala());
      query.processAllAvailable();
    } finally {
      query.stop();
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines().toList()).startsWith(
        "-- batch 0 (update): 2 rows",
        "window_start              window_end                room     emoji        count      scaled",
        "2025-10-29T22:31:00Z      2025-10-29T22:31:02Z      global   ❤️               2           1",
        "2025-10-29T22:31:02Z      2025-10-29T22:31:04Z      match-1  👍               1           1");
  }
}
