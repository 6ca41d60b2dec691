package io.emojireactions.apps.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.core.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReactionGeneratorTest {

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Everything switched on: rooms, variants, disorder, other timestamp forms, every invalid kind. */
  private static ReactionGenerator.Builder mixed(long seed) {
    return ReactionGenerator.builder()
        .seed(seed)
        .count(20_000)
        .rooms(3)
        .variantFraction(0.3)
        .invalidFraction(0.1)
        .alternateTimestampFraction(0.3)
        .maxDisorder(Duration.ofMillis(1500))
        .span(Duration.ofSeconds(30));
  }

  @Test
  void sameSeedGivesTheSameRecordsByteForByte() {
    assertThat(mixed(5).build().values()).isEqualTo(mixed(5).build().values());
    ReactionGenerator gen = mixed(5).build();
    assertThat(gen.values()).isEqualTo(gen.values());
  }

  @Test
  void differentSeedsGiveDifferentRecords() {
    assertThat(mixed(5).build().values()).isNotEqualTo(mixed(6).build().values());
  }

  @Test
  void defaultRecordsHaveTheSeedClientsExactShapeAndStartAtTheStartTime() {
    List<String> values = ReactionGenerator.builder().count(1_000).build().values();

    assertThat(values)
        .allMatch(v -> v.matches(
            "\\{\"user_id\":\"user_\\d+\",\"emoji_type\":\"[^\"]+\",\"timestamp\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\"}"));
    assertThat(values.get(0)).endsWith("\"timestamp\":\"2025-10-29T22:31:00.000000\"}");
    assertThat(values).hasSize(1_000);
  }

  @Test
  void groundTruthEqualsAnIndependentRecountOfTheGeneratedText() {
    ReactionGenerator gen = mixed(21).build();
    long windowMs = 2_000;

    Map<GroundTruth.WindowKey, Long> counts = new HashMap<>();
    Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
    gen.records().forEach(r -> {
      Recount result = recount(r.value());
      // The generator's own label must agree with the independent reading of its text.
      assertThat(result.reject).as("reason for %s", r.value()).isEqualTo(r.expectedReject());
      if (result.reject == null) {
        long start = Math.floorDiv(result.eventMs, windowMs) * windowMs;
        counts.merge(new GroundTruth.WindowKey(result.room, start, result.emoji), 1L, Long::sum);
      } else {
        rejects.merge(result.reject, 1L, Long::sum);
      }
    });

    GroundTruth truth = gen.groundTruth(Duration.ofMillis(windowMs));
    assertThat(truth.counts()).isEqualTo(counts);
    assertThat(truth.rejects()).isEqualTo(rejects);
    assertThat(truth.total()).isEqualTo(20_000);
    assertThat(truth.valid() + truth.invalid()).isEqualTo(20_000);
    // Every kind of invalid record and every variant spelling actually occurs.
    assertThat(rejects.keySet()).isEqualTo(ReactionGenerator.SUPPORTED_REJECTS);
    assertThat(gen.values()).anyMatch(v -> v.contains("\"emoji_type\":\"\u2764\""));
  }

  @Test
  void variantSpellingsCountAsTheirFullyQualifiedEmoji() {
    ReactionGenerator gen =
        ReactionGenerator.builder().count(5_000).emojis(List.of("\u2764\uFE0F")).variantFraction(0.5).build();

    GroundTruth truth = gen.groundTruth(Duration.ofSeconds(2));
    long bare = gen.values().stream().filter(v -> v.contains("\"emoji_type\":\"\u2764\"")).count();

    assertThat(truth.countsPerEmoji()).containsExactly(Map.entry("\u2764\uFE0F", 5_000L));
    assertThat(bare).isBetween(2_000L, 3_000L);
  }

  @Test
  void eventTimeLagBehindTheMaximumSeenNeverExceedsTheDisorderBound() {
    ReactionGenerator gen = ReactionGenerator.builder().count(20_000).maxDisorder(Duration.ofMillis(800)).build();

    long[] max = {Long.MIN_VALUE};
    long[] worstLag = {0};
    gen.records().forEach(r -> {
      max[0] = Math.max(max[0], r.eventTimeMs());
      worstLag[0] = Math.max(worstLag[0], max[0] - r.eventTimeMs());
    });

    assertThat(worstLag[0]).isLessThanOrEqualTo(800).isGreaterThan(400);
  }

  @Test
  void zipfSkewMakesTheFirstEmojiFarMorePopularThanTheLast() {
    Map<String, Long> perEmoji =
        ReactionGenerator.builder().count(100_000).build().groundTruth(Duration.ofSeconds(2)).countsPerEmoji();
    List<String> emojis = ReactionGenerator.DEFAULT_EMOJIS;

    assertThat(perEmoji).hasSize(30);
    // Zipf(1) over 30 ranks: rank 1 gets 30 times rank 30's share.
    assertThat(perEmoji.get(emojis.get(0))).isGreaterThan(20 * perEmoji.get(emojis.get(29)));
    assertThat(perEmoji.get(emojis.get(0))).isGreaterThan(perEmoji.get(emojis.get(1)));
  }

  @Test
  void eventTimesSpreadOverTheSpanFromTheStart() {
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    ReactionGenerator gen = ReactionGenerator.builder().count(10).start(start).span(Duration.ofSeconds(10)).build();

    assertThat(gen.records().map(GeneratedRecord::eventTimeMs).collect(Collectors.toList()))
        .containsExactly(
            start.toEpochMilli(), start.toEpochMilli() + 1000, start.toEpochMilli() + 2000, start.toEpochMilli() + 3000,
            start.toEpochMilli() + 4000, start.toEpochMilli() + 5000, start.toEpochMilli() + 6000,
            start.toEpochMilli() + 7000, start.toEpochMilli() + 8000, start.toEpochMilli() + 9000);
  }

  @Test
  void roomsAreWrittenAndCountedAndAbsentRoomsCountAsGlobal() {
    Set<String> withRooms = ReactionGenerator.builder().count(3_000).rooms(List.of("final", "semi")).build()
        .groundTruth(Duration.ofSeconds(2)).counts().keySet().stream().map(GroundTruth.WindowKey::room)
        .collect(Collectors.toSet());
    Set<String> without = ReactionGenerator.builder().count(100).build()
        .groundTruth(Duration.ofSeconds(2)).counts().keySet().stream().map(GroundTruth.WindowKey::room)
        .collect(Collectors.toSet());

    assertThat(withRooms).containsExactlyInAnyOrder("final", "semi");
    assertThat(without).containsExactly("global");
  }

  @Test
  void badOptionsAreRejectedNamingTheFieldAndValue() {
    assertThatThrownBy(() -> ReactionGenerator.builder().invalidFraction(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalidFraction").hasMessageContaining("1.5");
    assertThatThrownBy(() -> ReactionGenerator.builder().count(-1)).hasMessageContaining("count").hasMessageContaining("-1");
    assertThatThrownBy(() -> ReactionGenerator.builder().rejectReasons(Set.of(RejectReason.FUTURE_TIMESTAMP)))
        .hasMessageContaining("FUTURE_TIMESTAMP");
    assertThatThrownBy(() -> ReactionGenerator.builder().emojis(List.of())).hasMessageContaining("emojis");
    assertThatThrownBy(() -> ReactionGenerator.builder().maxDisorder(Duration.ofSeconds(-1))).hasMessageContaining("maxDisorder");
  }

  // ---- an independent reading of the input contract, just enough to check the generator ----

  private record Recount(RejectReason reject, String room, String emoji, long eventMs) {}

  private static final Set<String> KNOWN_EMOJIS = new HashSet<>(ReactionGenerator.DEFAULT_EMOJIS);
  private static final Set<String> BARE = Set.of("\u2764", "\u263A", "\u2665");

  private static Recount recount(String value) {
    if (value.getBytes(StandardCharsets.UTF_8).length > 4096) {
      return rejected(RejectReason.TOO_LARGE);
    }
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (Exception e) {
      return rejected(RejectReason.MALFORMED_JSON);
    }
    if (root == null || !root.isObject()) {
      return rejected(root == null ? RejectReason.MALFORMED_JSON : RejectReason.BAD_FIELD_TYPE);
    }
    for (String field : List.of("user_id", "emoji_type", "timestamp")) {
      if (!root.hasNonNull(field)) {
        return rejected(RejectReason.MISSING_FIELD);
      }
    }
    if (!root.get("user_id").isTextual() || !root.get("emoji_type").isTextual()) {
      return rejected(RejectReason.BAD_FIELD_TYPE);
    }
    String user = root.get("user_id").asText();
    if (user.isEmpty() || user.length() > 128) {
      return rejected(RejectReason.BAD_FIELD_VALUE);
    }
    long eventMs;
    JsonNode ts = root.get("timestamp");
    if (ts.isIntegralNumber()) {
      eventMs = ts.asLong();
    } else {
      try {
        eventMs = parseTime(ts.asText());
      } catch (DateTimeParseException e) {
        return rejected(RejectReason.BAD_TIMESTAMP);
      }
    }
    String emoji = root.get("emoji_type").asText();
    String canonical = BARE.contains(emoji) ? emoji + "\uFE0F" : emoji;
    if (!KNOWN_EMOJIS.contains(canonical)) {
      return rejected(RejectReason.NOT_AN_EMOJI);
    }
    String room = root.has("room") ? root.get("room").asText() : "global";
    return new Recount(null, room, canonical, eventMs);
  }

  private static long parseTime(String text) {
    Instant instant;
    if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
      instant = OffsetDateTime.parse(text).toInstant();
    } else {
      instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }
    return instant.toEpochMilli();
  }

  private static Recount rejected(RejectReason reason) {
    return new Recount(reason, null, null, 0);
  }
}
