package io.emojireactions.spark;

import io.emojireactions.testkit.TestSpark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.OutputMode;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class OutputRecordsTest {

  private static final List<WindowedCount> COUNTS = List.of(
      new WindowedCount("global", new TimeWindow(1_761_777_060_000L, 1_761_777_062_000L), "❤️", 120, 1, false),
      new WindowedCount("room \"7\" \\ é\t日本", new TimeWindow(1_761_777_060_500L, 1_761_777_061_000L), "👍🏽", 1, 1, false),
      new WindowedCount("r.000Z\"", new TimeWindow(1_761_777_061_000L, 1_761_777_061_500L), "🏳️‍🌈", 3785, 3, false),
      new WindowedCount("global", new TimeWindow(-2000, 0), "😂", 9_007_199_254_740_993L, 9_007_199_254_740_993L, false),
      new WindowedCount("x", new TimeWindow(1_761_777_060_001L, 1_761_777_060_701L), "1️⃣", 2, 7, false),
      new WindowedCount("g", new TimeWindow(0, 2000), "🇫🇷", 1001, 1001, false));

  private static Dataset<Row> asRows(List<WindowedCount> counts) {
    StructType schema = new StructType()
        .add("room", DataTypes.StringType).add("ws", DataTypes.LongType).add("we", DataTypes.LongType)
        .add("emoji", DataTypes.StringType).add("reaction_count", DataTypes.LongType)
        .add("scaled_reactions", DataTypes.LongType);
    List<Row> rows = new ArrayList<>();
    for (WindowedCount c : counts) {
      rows.add(RowFactory.create(c.room(), c.window().startMs(), c.window().endMs(), c.emoji(), c.reactionCount(),
          c.scaledReactions()));
    }
    return TestSpark.session().createDataFrame(rows, schema)
        .withColumn("window_start", timestamp_millis(col("ws")))
        .withColumn("window_end", timestamp_millis(col("we")))
        .select("room", "window_start", "window_end", "emoji", "reaction_count", "scaled_reactions");
  }

  private static void assertSameBytesAsCore(OutputMode mode) {
    boolean isFinal = mode == OutputMode.APPEND;
    List<Row> out = asRows(COUNTS).transform(d -> EmojiTransforms.toOutputRecords(d, mode)).collectAsList();
    assertThat(out).hasSize(COUNTS.size());
    for (int i = 0; i < COUNTS.size(); i++) {
      WindowedCount c = COUNTS.get(i);
      WindowedCount expected = new WindowedCount(c.room(), c.window(), c.emoji(), c.reactionCount(),
          c.scaledReactions(), isFinal);
      assertThat(out.get(i).getString(1)).isEqualTo(new String(WindowedCountJson.toJson(expected), StandardCharsets.UTF_8));
      assertThat(out.get(i).getString(0)).isEqualTo(WindowedCountJson.key(c.room(), c.emoji()));
      assertThat(WindowedCountJson.fromJson(out.get(i).getString(1).getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }
  }

  @Test
  void updateModeValueIsByteIdenticalToCoreCodecWithFinalFalse() {
    assertSameBytesAsCore(OutputMode.UPDATE);
  }

  @Test
  void appendModeValueIsByteIdenticalToCoreCodecWithFinalTrue() {
    assertSameBytesAsCore(OutputMode.APPEND);
  }

  @Test
  void wholeSecondTimesHaveNoFractionAndOthersKeepMilliseconds() {
    List<Row> out = asRows(COUNTS.subList(0, 2)).transform(d -> EmojiTransforms.toOutputRecords(d, OutputMode.UPDATE))
        .collectAsList();
    assertThat(out.get(0).getString(1)).isEqualTo(
        "{\"room\":\"global\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\","
            + "\"emoji\":\"❤️\",\"reaction_count\":120,\"scaled_reactions\":1,\"final\":false}");
    assertThat(out.get(1).getString(1)).contains("\"window_start\":\"2025-10-29T22:31:00.500Z\"",
        "\"window_end\":\"2025-10-29T22:31:01Z\"");
  }

  @Test
  void topNKeepsTheLargestCountsPerRoomAndWindowTiesByEmoji() {
    long t = 1_761_777_060_000L;
    List<WindowedCount> counts = List.of(
        new WindowedCount("a", new TimeWindow(t, t + 2000), "😂", 5, 1, false),
        new WindowedCount("a", new TimeWindow(t, t + 2000), "👍", 9, 1, false),
        new WindowedCount("a", new TimeWindow(t, t + 2000), "🔥", 5, 1, false),
        new WindowedCount("a", new TimeWindow(t + 2000, t + 4000), "😂", 1, 1, false),
        new WindowedCount("b", new TimeWindow(t, t + 2000), "😂", 2, 1, false));
    List<Row> top = asRows(counts).transform(d -> EmojiTransforms.topN(d, 2))
        .orderBy(col("room"), col("window_start"), col("reaction_count").desc(), col("emoji")).collectAsList();
    assertThat(top).extracting(r -> r.getString(0) + " " + (SparkRows.ms(r.get(1)) - t) + " " + r.getString(3))
        .containsExactly("a 0 👍", "a 0 🔥", "a 2000 😂", "b 0 😂");
  }
}
