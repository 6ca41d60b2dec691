package io.emojireactions.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.ReactionParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The Spark transforms take core's timestamp rule as it is: a space for the {@code T} and epoch
 * numbers in any unit give the same event time (or the same rejection) in
 * {@link EmojiTransforms#parse} and {@link EmojiTransforms#parseAndCount} as in
 * {@link ReactionParser}.
 */
class TimestampFormsSparkTest {

  /** Timestamp JSON → the expected event time (or the reject reason); one record each. */
  private static final Map<String, String> CASES = new LinkedHashMap<>();

  static {
    CASES.put("\"2025-10-29 22:31:00\"", "2025-10-29T22:31:00Z");
    CASES.put("\"2025-10-29 22:31:00.123456\"", "2025-10-29T22:31:00.123Z");
    CASES.put("\"2025-10-29 22:31:01.5+00:00\"", "2025-10-29T22:31:01.500Z");
    CASES.put("\"2025-10-29T22:31:00\"", "2025-10-29T22:31:00Z");
    CASES.put("1761777060", "2025-10-29T22:31:00Z");
    CASES.put("1761777061.999", "2025-10-29T22:31:01.999Z");
    CASES.put("1761777062000", "2025-10-29T22:31:02Z");
    CASES.put("1761777062500123", "2025-10-29T22:31:02.500Z");
    CASES.put("1761777063999999999", "2025-10-29T22:31:03.999Z");
    CASES.put("99999999999", "5138-11-16T09:46:39Z");
    CASES.put("100000000000", "1973-03-03T09:46:40Z");
    CASES.put("-1761777060", "BAD_TIMESTAMP");
    CASES.put("100000000000000000000", "BAD_TIMESTAMP");
    CASES.put("\"2025-10-29  22:31:00\"", "BAD_TIMESTAMP");
  }

  private static List<byte[]> records() {
    List<byte[]> out = new ArrayList<>();
    int i = 0;
    for (String ts : CASES.keySet()) {
      out.add(("{\"user_id\":\"u" + i++ + "\",\"emoji_type\":\"\u2764\",\"timestamp\":" + ts + "}").getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  /** What core says of each record: its event time or its reason. */
  private static List<String> core(List<byte[]> records) {
    ReactionParser parser = ReactionParser.create();
    List<String> out = new ArrayList<>();
    for (byte[] record : records) {
      ParseResult r = parser.parse(record);
      out.add(r instanceof ParseResult.Valid v ? v.reaction().eventTime().toString() : ((ParseResult.Rejected) r).reason().name());
    }
    return out;
  }

  @Test
  void parseGivesCoresEventTimeOrReasonForEveryTimestampForm() {
    List<byte[]> records = records();
    Dataset<Row> parsed = SparkRows.kafka(records)
        .transform(d -> EmojiTransforms.parse(d, ReactionParser.Config.defaults()));

    String[] spark = new String[records.size()];
    for (Row r : parsed.transform(EmojiTransforms::validReactions).collectAsList()) {
      int i = Integer.parseInt(r.<String>getAs("user_id").substring(1));
      spark[i] = Instant.ofEpochMilli(SparkRows.ms(r.getAs("event_time"))).toString();
    }
    for (Row r : parsed.transform(EmojiTransforms::rejected).collectAsList()) {
      spark[Math.toIntExact(r.<Long>getAs("source_offset"))] = r.getAs("reason");
    }

    List<String> expected = CASES.values().stream().map(v -> v.startsWith("BAD") ? v : Instant.parse(v).toString()).toList();
    assertThat(List.of(spark)).isEqualTo(expected).isEqualTo(core(records));
  }

  @Test
  void parseAndCountPutsEveryFormInTheWindowCoreDoes() {
    List<byte[]> records = records().subList(0, 9); // the 2025-10-29T22:31:00..04 cases
    Dataset<Row> counted = SparkRows.kafka(records).coalesce(1)
        .transform(d -> EmojiTransforms.parseAndCount(d, ReactionParser.Config.defaults(), Duration.ofSeconds(2), null))
        .transform(d -> EmojiTransforms.windowCountsOfPartitionCounts(d, Duration.ofSeconds(2), Duration.ofSeconds(2)));

    assertThat(counted.collectAsList())
        .extracting(r -> r.<String>getAs("room") + " " + Instant.ofEpochMilli(SparkRows.ms(r.getAs("window_start")))
            + " " + r.<String>getAs("emoji") + " x" + r.<Long>getAs("reaction_count"))
        // 22:31:00 .. 22:31:01.999 (six records), 22:31:02 .. 22:31:03.999 (three)
        .containsExactlyInAnyOrder("global 2025-10-29T22:31:00Z \u2764\uFE0F x6", "global 2025-10-29T22:31:02Z \u2764\uFE0F x3");
  }
}
