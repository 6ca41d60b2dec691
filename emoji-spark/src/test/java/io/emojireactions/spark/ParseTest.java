package io.emojireactions.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.core.ReactionParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ParseTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Dataset<Row> parse(List<byte[]> values) {
    return SparkRows.kafka(values).transform(d -> EmojiTransforms.parse(d, ReactionParser.Config.defaults()));
  }

  @Test
  void validRecordsBecomeReactionsWithNormalizedEmojiAndMillisecondEventTime() {
    List<Row> rows = parse(List.of(
            utf8("{\"user_id\":\"u1\",\"emoji_type\":\"❤\",\"timestamp\":\"2025-10-29T22:31:00.123\"}"),
            utf8("{\"user_id\":\"u2\",\"emoji_type\":\"❤️\",\"timestamp\":1761777060999,\"room\":\"match-7\"}")))
        .transform(EmojiTransforms::validReactions)
        .collectAsList();
    assertThat(rows).extracting(r -> r.getString(0) + " " + r.getString(1) + " " + r.getString(2) + " " + SparkRows.ms(r.get(3)))
        .containsExactly("global u1 ❤️ 1761777060123", "match-7 u2 ❤️ 1761777060999");
  }

  @Test
  void parseAndCountGivesOneRowPerKeyWithItsLatestEventTimeAndTheInputCountsForMetrics() {
    List<byte[]> values = Arrays.asList(
        utf8("{\"user_id\":\"u1\",\"emoji_type\":\"❤\",\"timestamp\":1761777060100}"),
        utf8("{\"user_id\":\"u2\",\"emoji_type\":\"❤️\",\"timestamp\":1761777061900}"), // same 2 s window
        utf8("{\"user_id\":\"u3\",\"emoji_type\":\"❤\",\"timestamp\":1761777062000}"), // the next window
        utf8("{\"user_id\":\"u4\",\"emoji_type\":\"❤\",\"timestamp\":1761777060500,\"room\":\"r\"}"),
        utf8("{not json"),
        null);
    Dataset<Row> counted = SparkRows.kafka(values).coalesce(1)
        .transform(d -> EmojiTransforms.parseAndCount(d, ReactionParser.Config.defaults(), java.time.Duration.ofSeconds(2), null));
    assertThat(counted.where("room is not null").collectAsList())
        .extracting(r -> r.<String>getAs("room") + " " + r.<String>getAs("emoji") + " " + SparkRows.ms(r.getAs("event_time"))
            + " x" + r.<Long>getAs("reactions"))
        .containsExactlyInAnyOrder("global ❤️ 1761777061900 x2", "global ❤️ 1761777062000 x1", "r ❤️ 1761777060500 x1");
    Row totals = counted.agg(org.apache.spark.sql.functions.sum("records"), org.apache.spark.sql.functions.sum("rejected"),
        org.apache.spark.sql.functions.sum("reactions")).first();
    assertThat(List.of(totals.getLong(0), totals.getLong(1), totals.getLong(2))).containsExactly(6L, 2L, 4L);
    assertThat(counted.transform(d -> EmojiTransforms.windowCountsOfPartitionCounts(d, java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(2)))
            .collectAsList())
        .extracting(r -> r.<String>getAs("room") + " " + SparkRows.ms(r.getAs("window_start")) + " " + r.<Long>getAs("reaction_count"))
        .containsExactlyInAnyOrder("global 1761777060000 2", "global 1761777062000 1", "r 1761777060000 1");
  }

  @Test
  void everyInvalidRecordIsRejectedWithItsReasonMessageAndSource() {
    byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, '{', '}'};
    byte[] tooLarge = utf8("{\"user_id\":\"u\",\"emoji_type\":\"👍\",\"timestamp\":1,\"pad\":\"" + "x".repeat(5000) + "\"}");
    List<byte[]> values = Arrays.asList(
        utf8("{\"user_id\":\"u\",\"emoji_type\":\"👍\",\"timestamp\":1761777060000}"),
        utf8("{not json"),
        utf8("{\"emoji_type\":\"👍\",\"timestamp\":1761777060000}"),
        utf8("{\"user_id\":\"u\",\"emoji_type\":\"ab\",\"timestamp\":1761777060000}"),
        utf8("{\"user_id\":\"u\",\"emoji_type\":\"👍\",\"timestamp\":\"yesterday\"}"),
        tooLarge,
        notUtf8,
        null);
    Dataset<Row> parsed = parse(values);
    assertThat(parsed.transform(EmojiTransforms::validReactions).count()).isEqualTo(1);
    List<Row> rejected = parsed.transform(EmojiTransforms::rejected).orderBy("source_offset").collectAsList();
    assertThat(rejected).extracting(r -> r.<String>getAs("reason") + "@" + r.<Long>getAs("source_offset"))
        .containsExactly("MALFORMED_JSON@1", "MISSING_FIELD@2", "NOT_AN_EMOJI@3", "BAD_TIMESTAMP@4", "TOO_LARGE@5",
            "MALFORMED_JSON@6", "MALFORMED_JSON@7");
    for (Row r : rejected) {
      assertThat(r.<String>getAs("message")).isNotBlank();
      assertThat(r.<String>getAs("source_topic")).isEqualTo("t");
      assertThat(r.<Integer>getAs("source_partition")).isZero();
      int offset = Math.toIntExact(r.<Long>getAs("source_offset"));
      assertThat(r.<byte[]>getAs("original")).isEqualTo(values.get(offset));
    }
  }

  @Test
  void dlqValueIsJsonWithReasonSourceAndOriginalTextOrBase64() throws Exception {
    byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, '{', '}'};
    List<byte[]> values = Arrays.asList(
        utf8("{\"user_id\":\"u\",\"emoji_type\":\"ab\",\"timestamp\":1761777060000}"), notUtf8, null);
    List<Row> dlq = parse(values).transform(EmojiTransforms::rejected).transform(EmojiTransforms::toDlqRecords)
        .orderBy("key").collectAsList();
    List<JsonNode> messages = new ArrayList<>();
    for (Row r : dlq) {
      messages.add(JSON.readTree(r.getString(1)));
    }
    assertThat(dlq).extracting(r -> r.getString(0)).containsExactly("t-0@0", "t-0@1", "t-0@2");

    JsonNode notEmoji = messages.get(0);
    assertThat(notEmoji.get("reason").asText()).isEqualTo("NOT_AN_EMOJI");
    assertThat(notEmoji.get("message").asText()).isNotBlank();
    assertThat(notEmoji.get("source_topic").asText()).isEqualTo("t");
    assertThat(notEmoji.get("source_partition").asInt()).isZero();
    assertThat(notEmoji.get("source_offset").asLong()).isZero();
    assertThat(notEmoji.get("original").asText()).isEqualTo(new String(values.get(0), StandardCharsets.UTF_8));
    assertThat(notEmoji.has("original_base64")).isFalse();
    assertThat(dlq.get(0).getString(1)).startsWith("{\"reason\":\"NOT_AN_EMOJI\",\"message\":");
    assertThat(notEmoji.get("original_size").asLong()).isEqualTo(values.get(0).length);
    assertThat(notEmoji.get("original_sha256").asText()).isEqualTo(sha256(values.get(0)));
    assertThat(notEmoji.get("truncated").asBoolean()).isFalse();
    assertThat(notEmoji.has("source_timestamp")).as("these rows have no Kafka timestamp").isFalse();
    List<Row> headers = dlq.get(0).getList(2);
    assertThat(headers).extracting(h -> h.getString(0))
        .containsExactly("reason", "message", "source_topic", "source_partition", "source_offset");
    assertThat(new String((byte[]) headers.get(0).get(1), StandardCharsets.UTF_8)).isEqualTo("NOT_AN_EMOJI");

    JsonNode binary = messages.get(1);
    assertThat(binary.get("reason").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(binary.has("original")).isFalse();
    assertThat(Base64.getDecoder().decode(binary.get("original_base64").asText())).isEqualTo(notUtf8);

    JsonNode tombstone = messages.get(2);
    assertThat(tombstone.get("source_offset").asLong()).isEqualTo(2);
    assertThat(tombstone.has("original")).isFalse();
    assertThat(tombstone.has("original_base64")).isFalse();
  }

  @Test
  void dlqRecordsAreBoundedWhateverTheInputAndKeepItsSizeAndHash() throws Exception {
    byte[] controls = new byte[200_000];
    Arrays.fill(controls, (byte) 1);
    Row r = parse(Arrays.asList(controls)).transform(EmojiTransforms::rejected).transform(d -> EmojiTransforms.toDlqRecords(d, 8_192))
        .collectAsList().get(0);
    int headerBytes = 0;
    for (Row h : r.<Row>getList(2)) {
      headerBytes += h.getString(0).getBytes(StandardCharsets.UTF_8).length + ((byte[]) h.get(1)).length;
    }
    int size = r.getString(0).getBytes(StandardCharsets.UTF_8).length + r.getString(1).getBytes(StandardCharsets.UTF_8).length + headerBytes;
    assertThat(size).isBetween(8_192 - 6, 8_192);
    DeadLetterCodec.Decoded d = DeadLetterCodec.decode(r.getString(1).getBytes(StandardCharsets.UTF_8));
    assertThat(d.reason()).isEqualTo("TOO_LARGE");
    assertThat(d.truncated()).isTrue();
    assertThat(d.originalSize()).isEqualTo(200_000L);
    assertThat(d.originalSha256()).isEqualTo(sha256(controls));
    assertThat(d.original()).isNotEmpty().containsOnly((byte) 1);
  }

  private static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }
}
