package io.emojireactions.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.OutputMode;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.testkit.TestSpark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link OutputFormat#SEED}: the Python job's aggregate byte for byte, keyed by the window start,
 * counted over all rooms. The test session's time zone is America/New_York, so a time written in
 * the session's zone instead of UTC shows.
 */
class SeedOutputTest {

  private static final long T = 1_761_777_060_000L; // 2025-10-29T22:31:00Z

  /** Scaled count rows (window_start, window_end, emoji, reaction_count, scaled_reactions), with a room when given. */
  private static Dataset<Row> scaled(boolean withRoom, Object[]... startEndEmojiCountScaled) {
    StructType schema = new StructType().add("room", DataTypes.StringType).add("ws", DataTypes.LongType)
        .add("we", DataTypes.LongType).add("emoji", DataTypes.StringType).add("reaction_count", DataTypes.LongType)
        .add("scaled_reactions", DataTypes.LongType);
    List<Row> rows = new ArrayList<>();
    for (Object[] r : startEndEmojiCountScaled) {
      rows.add(RowFactory.create("room \"1\"", r[0], r[1], r[2], r[3], r[4]));
    }
    Dataset<Row> d = TestSpark.session().createDataFrame(rows, schema)
        .withColumn("window_start", timestamp_millis(col("ws")))
        .withColumn("window_end", timestamp_millis(col("we")));
    return withRoom
        ? d.select("room", "window_start", "window_end", "emoji", "reaction_count", "scaled_reactions")
        : d.select("window_start", "window_end", "emoji", "reaction_count", "scaled_reactions");
  }

  private static List<String> keysAndValues(Dataset<Row> records) {
    return records.collectAsList().stream().map(r -> r.getString(0) + " => " + r.getString(1)).toList();
  }

  @Test
  void seedRecordsAreThePythonJobsFiveFieldsWithItsSpacingAndTheWindowStartAsKey() {
    Dataset<Row> rows = scaled(false,
        new Object[] {T, T + 2000, "❤️", 3785L, 3785L},
        new Object[] {T + 2000, T + 4000, "🏳️‍🌈", 1L, 1L},
        new Object[] {-2000L, 0L, "1️⃣", 9_007_199_254_740_993L, 9_007_199_254_740_993L},
        new Object[] {T, T + 60_000, "x\",\"emoji\":\"y", 7L, 1L});
    assertThat(keysAndValues(rows.transform(d -> EmojiTransforms.toOutputRecords(d, OutputMode.UPDATE, OutputFormat.SEED))))
        .containsExactly(
            "2025-10-29 22:31:00 => {\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", "
                + "\"emoji\": \"❤️\", \"reaction_count\": 3785, \"scaled_reactions\": 3785}",
            "2025-10-29 22:31:02 => {\"window_start\": \"2025-10-29 22:31:02\", \"window_end\": \"2025-10-29 22:31:04\", "
                + "\"emoji\": \"🏳️‍🌈\", \"reaction_count\": 1, \"scaled_reactions\": 1}",
            "1969-12-31 23:59:58 => {\"window_start\": \"1969-12-31 23:59:58\", \"window_end\": \"1970-01-01 00:00:00\", "
                + "\"emoji\": \"1️⃣\", \"reaction_count\": 9007199254740993, \"scaled_reactions\": 9007199254740993}",
            // Quotes inside a string are escaped and left alone by the spacing.
            "2025-10-29 22:31:00 => {\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:32:00\", "
                + "\"emoji\": \"x\\\",\\\"emoji\\\":\\\"y\", \"reaction_count\": 7, \"scaled_reactions\": 1}");
  }

  @Test
  void seedRecordsAreTheSameInAppendModeAndLeaveAnyRoomOut() {
    Dataset<Row> withRoom = scaled(true, new Object[] {T, T + 2000, "👍", 120L, 1L});
    List<String> expected = List.of("2025-10-29 22:31:00 => {\"window_start\": \"2025-10-29 22:31:00\", "
        + "\"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"👍\", \"reaction_count\": 120, \"scaled_reactions\": 1}");
    assertThat(keysAndValues(withRoom.transform(d -> EmojiTransforms.toOutputRecords(d, OutputMode.APPEND, OutputFormat.SEED))))
        .isEqualTo(expected);
    assertThat(keysAndValues(withRoom.transform(d -> EmojiTransforms.toOutputRecords(d, OutputMode.UPDATE, OutputFormat.SEED))))
        .isEqualTo(expected);
  }

  @Test
  void seedCountsAddEveryRoomUpPerWindowAndEmojiAndHaveNoRoomColumn() {
    Dataset<Row> reactions = SparkRows.reactions(List.of(
        new Object[] {"global", "❤️", T},
        new Object[] {"match-1", "❤️", T + 1999},
        new Object[] {"match-2", "❤️", T + 500},
        new Object[] {"match-1", "👍", T + 100},
        new Object[] {"match-1", "👍", T + 2000},
        new Object[] {"global", "❤️", T + 2000}));
    Dataset<Row> seed = reactions.transform(d -> EmojiTransforms.windowCounts(d, Duration.ofSeconds(2), Duration.ZERO, OutputFormat.SEED))
        .transform(d -> EmojiTransforms.scale(d, ScalingPolicy.seed()));
    assertThat(seed.columns()).containsExactly("window_start", "window_end", "emoji", "reaction_count", "scaled_reactions");
    assertThat(seed.orderBy("window_start", "emoji").collectAsList())
        .extracting(r -> (SparkRows.ms(r.get(0)) - T) + " " + (SparkRows.ms(r.get(1)) - T) + " " + r.getString(2) + " "
            + r.getLong(3) + " " + r.getLong(4))
        .containsExactly("0 2000 ❤️ 3 1", "0 2000 👍 1 1", "2000 4000 ❤️ 1 1", "2000 4000 👍 1 1");

    Dataset<Row> perRoom = reactions.transform(d -> EmojiTransforms.windowCounts(d, Duration.ofSeconds(2), Duration.ZERO, OutputFormat.EMOJI));
    assertThat(perRoom.columns()).containsExactly("room", "window_start", "window_end", "emoji", "reaction_count");
    assertThat(perRoom.count()).isEqualTo(6);
  }

  @Test
  void outputFormatParsesItsTwoNamesAndRejectsOthersNamingTheValue() {
    assertThat(OutputFormat.parse(" SEED ")).isEqualTo(OutputFormat.SEED);
    assertThat(OutputFormat.parse("emoji")).isEqualTo(OutputFormat.EMOJI);
    assertThat(OutputFormat.SEED.toString()).isEqualTo("seed");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputFormat.parse("python"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("output format must be 'emoji' or 'seed', but was 'python'");
  }
}
