package io.emojireactions.apps.pipeline;

import io.emojireactions.testkit.TestSpark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** {@code --sentiment}: the score appended as the last field; the contract's bytes before it unchanged. */
class SentimentOutputTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void appendsEachEmojisLexiconScoreOrNullAndKeepsTheContractBytes() throws Exception {
    SentimentLexicon lexicon = SentimentLexicon.of(Map.of("😂", 0.25, "❤️", 0.746, "😭", -0.1));
    List<WindowedCount> counts = List.of(
        new WindowedCount("global", new TimeWindow(1_761_777_060_000L, 1_761_777_062_000L), "😂", 7, 7, false),
        new WindowedCount("room \"1\"", new TimeWindow(1_761_777_060_500L, 1_761_777_062_500L), "❤️", 3, 3, true),
        new WindowedCount("global", new TimeWindow(1_761_777_060_000L, 1_761_777_062_000L), "😭", 2, 2, false),
        new WindowedCount("global", new TimeWindow(1_761_777_060_000L, 1_761_777_062_000L), "🦄", 1, 1, false));
    StructType schema = new StructType().add("key", DataTypes.StringType).add("value", DataTypes.StringType);
    List<Row> rows = counts.stream()
        .map(c -> RowFactory.create(WindowedCountJson.key(c.room(), c.emoji()), WindowedCountJson.toJsonString(c)))
        .toList();
    Dataset<Row> records = TestSpark.session().createDataFrame(rows, schema);

    List<String> values = SentimentOutput.withSentimentScore(records, lexicon).select("value").as(Encoders.STRING()).collectAsList();

    assertThat(values).hasSize(counts.size());
    for (int i = 0; i < counts.size(); i++) {
      WindowedCount c = counts.get(i);
      String contract = WindowedCountJson.toJsonString(c);
      String v = values.get(i);
      assertThat(v).startsWith(contract.substring(0, contract.length() - 1) + ",\"sentiment_score\":").endsWith("}");
      assertThat(WindowedCountJson.fromJson(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(c);
      JsonNode score = JSON.readTree(v).get("sentiment_score");
      if (lexicon.score(c.emoji()).isPresent()) {
        assertThat(score.asDouble()).as(v).isEqualTo(lexicon.score(c.emoji()).getAsDouble());
      } else {
        assertThat(score.isNull()).as(v).isTrue();
      }
    }
  }
}
