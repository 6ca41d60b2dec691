package io.emojireactions.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.ReactionParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The per-partition counting stage on its own (a plain iterator: no Spark needed). */
class ParseAndCountPartitionsTest {

  private static Row kafkaRow(String json, long offset) {
    return RowFactory.create(json == null ? null : json.getBytes(StandardCharsets.UTF_8), "t", 0, offset);
  }

  @Test
  void withFewKeysAllowedAKeyLeavesInSeveralRowsWhoseSumsAndLatestTimeAreExact() {
    String[] emojis = {"\uD83D\uDD25", "\u2764\uFE0F", "\uD83D\uDC4D"};
    List<Row> input = new ArrayList<>();
    Map<String, Long> expectedCount = new HashMap<>();
    Map<String, Long> expectedLatest = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      String emoji = emojis[i % 3];
      long ts = 1_761_777_060_000L + (i * 37L) % 6_000; // three 2 s windows, out of order
      input.add(kafkaRow("{\"user_id\":\"u" + i + "\",\"emoji_type\":\"" + emoji + "\",\"timestamp\":" + ts + "}", i));
      String key = emoji + "@" + (ts - ts % 2_000);
      expectedCount.merge(key, 1L, Long::sum);
      expectedLatest.merge(key, ts, Math::max);
    }
    input.add(kafkaRow("{not json", 300));
    input.add(kafkaRow(null, 301));

    Iterator<Row> out = new ParseAndCountPartitions(
        ParserSettings.of(ReactionParser.Config.defaults()), 2_000, null, 2).call(input.iterator());
    List<Row> rows = new ArrayList<>();
    out.forEachRemaining(rows::add);

    Map<String, Long> count = new HashMap<>();
    Map<String, Long> latest = new HashMap<>();
    long records = 0;
    long rejected = 0;
    for (Row r : rows) {
      records += r.getLong(4);
      rejected += r.getLong(5);
      if (r.isNullAt(0)) {
        continue;
      }
      long ts = r.getLong(2);
      String key = r.getString(1) + "@" + (ts - ts % 2_000);
      count.merge(key, r.getLong(3), Long::sum);
      latest.merge(key, ts, Math::max);
    }
    assertThat(count).isEqualTo(expectedCount);
    assertThat(latest).isEqualTo(expectedLatest);
    assertThat(rows.size() - 1).as("rows: more than one per key when 2 keys are held at a time")
        .isGreaterThan(expectedCount.size());
    assertThat(rows.get(rows.size() - 1).isNullAt(0)).as("the metrics row comes last").isTrue();
    assertThat(records).isEqualTo(302);
    assertThat(rejected).isEqualTo(2);
  }
}
