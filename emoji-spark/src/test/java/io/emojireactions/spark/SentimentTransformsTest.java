package io.emojireactions.spark;

import io.emojireactions.testkit.TestSpark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowSentiment;
import io.emojireactions.core.WindowedCount;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SentimentTransformsTest {

  private static final SentimentLexicon LEXICON = SentimentLexicon.emojiSentimentRanking();
  private static final long T0 = 1_761_777_060_000L; // 2025-10-29T22:31:00Z
  private static final StructType COUNTS = new StructType()
      .add("room", DataTypes.StringType)
      .add("window_start", DataTypes.TimestampType)
      .add("window_end", DataTypes.TimestampType)
      .add("emoji", DataTypes.StringType)
      .add("reaction_count", DataTypes.LongType);

  private static SparkSession spark() {
    return TestSpark.session();
  }

  private static Row row(String room, long startMs, String emoji, long count) {
    return RowFactory.create(room, new Timestamp(startMs), new Timestamp(startMs + 2000), emoji, count);
  }

  private static Dataset<Row> counts(List<Row> rows) {
    return spark().createDataFrame(rows, COUNTS);
  }

  @Test
  void scoreColumnLooksUpCanonicalEmojisAndIsNullForUnknownOnes() {
    List<Row> out = counts(List.of(row("r", T0, "😂", 2), row("r", T0, "❤️", 1), row("r", T0, "🥳", 1)))
        .transform(c -> SentimentTransforms.withScore(c, LEXICON))
        .orderBy("emoji")
        .collectAsList();

    assertThat(out).extracting(r -> r.getString(3)).containsExactly("❤️", "😂", "🥳"); // code point order
    assertThat(out.get(0).getDouble(5)).isEqualTo(6006.0 / 8050);
    assertThat(out.get(1).getDouble(5)).isEqualTo(3231.0 / 14622);
    assertThat(out.get(2).isNullAt(5)).isTrue();
  }

  @Test
  void windowSentimentIsTheCountWeightedMeanWithTheUnscoredShare() {
    List<Row> out = counts(List.of(
            row("r", T0, "😂", 2), row("r", T0, "❤️", 1), row("r", T0, "🥳", 1),
            row("r", T0 + 2000, "🥳", 3),
            row("s", T0, "😭", 3), row("s", T0, "😍", 3)))
        .transform(c -> SentimentTransforms.windowSentiment(c, LEXICON))
        .orderBy("room", "window_start")
        .collectAsList();

    assertThat(out).hasSize(3);
    Row first = out.get(0);
    assertThat(first.getLong(3)).isEqualTo(4);
    assertThat(first.getLong(4)).isEqualTo(3);
    assertThat(first.getDouble(5)).isCloseTo(0.3960079213573353, within(1e-15));
    assertThat(first.getDouble(6)).isEqualTo(0.25);

    Row unscored = out.get(1);
    assertThat(unscored.isNullAt(5)).isTrue();
    assertThat(unscored.getDouble(6)).isEqualTo(1.0);

    Row other = out.get(2);
    assertThat(other.getDouble(5)).isCloseTo((3 * (-516.0 / 5526) + 3 * (4311.0 / 6359)) / 6, within(1e-15));
    assertThat(other.getDouble(6)).isZero();
  }

  @Test
  void sparkAgreesWithCoreOnManyWindows() {
    List<String> emojis = new ArrayList<>(List.of("😂", "❤️", "😭", "🔥", "👍", "🥳", "🥺", "😍", "🙏", "🤣"));
    List<Row> rows = new ArrayList<>();
    List<WindowedCount> coreCounts = new ArrayList<>();
    for (int w = 0; w < 20; w++) {
      for (int e = 0; e < emojis.size(); e++) {
        long n = (w * 7L + e * 13L) % 9; // some zeros: the emoji is absent from that window
        if (n > 0) {
          String room = w % 2 == 0 ? "a" : "b";
          rows.add(row(room, T0 + w * 2000L, emojis.get(e), n));
          coreCounts.add(new WindowedCount(room, new TimeWindow(T0 + w * 2000L, T0 + w * 2000L + 2000), emojis.get(e), n, 1, true));
        }
      }
    }
    List<Row> spark = counts(rows).transform(c -> SentimentTransforms.windowSentiment(c, LEXICON))
        .orderBy("room", "window_start").collectAsList();
    List<WindowSentiment> core = LEXICON.sentiment(coreCounts);

    assertThat(spark).hasSize(core.size()).hasSize(20);
    for (int i = 0; i < core.size(); i++) {
      WindowSentiment expected = core.get(i);
      Row actual = spark.get(i);
      assertThat(actual.getString(0)).isEqualTo(expected.room());
      assertThat(actual.getTimestamp(1).getTime()).isEqualTo(expected.window().startMs());
      assertThat(actual.getLong(3)).isEqualTo(expected.reactions());
      assertThat(actual.getLong(4)).isEqualTo(expected.scoredReactions());
      assertThat(actual.getDouble(5)).isCloseTo(expected.sentiment().getAsDouble(), within(1e-12));
      assertThat(actual.getDouble(6)).isCloseTo(expected.unscoredShare(), within(1e-15));
    }
  }

  @Test
  void planHasNoUserDefinedFunction() {
    Dataset<Row> result = counts(List.of(row("r", T0, "😂", 2))).transform(c -> SentimentTransforms.windowSentiment(c, LEXICON));
    String plan = result.queryExecution().analyzed().toString() + result.queryExecution().executedPlan().toString();
    assertThat(plan).doesNotContainIgnoringCase("udf").doesNotContain("ScalaUDF");
  }
}
