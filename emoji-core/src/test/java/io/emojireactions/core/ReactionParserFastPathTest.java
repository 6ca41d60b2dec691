package io.emojireactions.core;

import io.emojireactions.testkit.HostileCorpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emojireactions.core.internal.ReactionReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The parser's fast path for flat records must be invisible: for any bytes, {@code parse}
 * (fast path, falling back to Jackson) and {@code parseWithJackson} (Jackson only) give equal
 * results, valid or rejected, reason and message alike.
 */
class ReactionParserFastPathTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
  private static final ReactionReader READER =
      new ReactionReader(ReactionParser.Config.builder().maxFutureSkew(Duration.ofSeconds(2)).clock(CLOCK).build());

  private static void assertSamePaths(byte[] record) {
    ParseResult fast = READER.parse(record);
    ParseResult jackson = READER.parseWithJackson(record);
    assertEquals(jackson, fast, () -> "record: " + new String(record, StandardCharsets.UTF_8));
  }

  @Test
  void everyMalformedCorpusCaseGetsTheSameReasonAndMessageOnBothPaths() {
    for (HostileCorpus.Case c : HostileCorpus.load()) {
      assertSamePaths(c.bytes());
      assertEquals(RejectReason.valueOf(c.reason()), ((ParseResult.Rejected) READER.parse(c.bytes())).reason(), c::toString);
    }
  }

  @Test
  void theSeedsRecordTakesTheFastPathAndIsValid() {
    byte[] seed = "{\"user_id\": \"u1\", \"emoji_type\": \"\uD83D\uDD25\", \"timestamp\": \"2026-11-28T11:59:59.123456\"}"
        .getBytes(StandardCharsets.UTF_8);
    ParseResult result = READER.parse(seed);
    assertInstanceOf(ParseResult.Valid.class, result);
    assertEquals(Instant.parse("2026-11-28T11:59:59.123Z"), ((ParseResult.Valid) result).reaction().eventTime());
    assertSamePaths(seed);
  }

  @Test
  void shapesTheFastPathLeavesToJacksonStillGetJacksonsAnswer() {
    String[] records = {
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199000,\"extra\":1}", // unknown key
      "{\"user_id\":\"u\",\"user_id\":\"v\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199000}", // duplicate
      "{\"user_id\":\"u\\u0041\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199000}", // escape
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":01764331199000}", // leading zero
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199000.9}", // fraction
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199.5e0}", // fraction and exponent
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199.}", // empty fraction
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":99999999999999999999}", // last nanosecond
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":100000000000000000000}", // 1e20
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199000e0}", // exponent
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":17643311990001234567}", // > long
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":-1}", // negative
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199000x}", // number into a letter
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199000,\"room\":null}", // null
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199000} {}", // trailing value
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199000,}", // trailing comma
      "{\"user_id\":\"u\t\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":1764331199000}", // raw control char
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":\"２０２６-11-28T11:59:59Z\"}", // non-ASCII digits
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":\"1764331199000\"}", // digits as a string
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":\"2026-11-28T12:00:03Z\"}", // future
      "{\"user_id\":\"\",\"emoji_type\":\"\uD83D\uDD25\",\"timestamp\":0}", // empty user
      "{\"user_id\":\"u\",\"emoji_type\":\"hi\",\"timestamp\":0}", // not an emoji
      "{\"user_id\":\"u\",\"emoji_type\":\"\uD83D\uDD25\"}", // missing timestamp
      "{}",
      " \r\n\t{\"room\":\"r\" , \"timestamp\" : 0 , \"emoji_type\" : \"\u2764\" , \"user_id\" : \"u\"} \n",
    };
    for (String r : records) {
      assertSamePaths(r.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aStringOverJacksonsLengthLimitIsMalformedOnBothPaths() {
    ReactionReader roomy = new ReactionReader(ReactionParser.Config.builder().maxRecordBytes(30_000_000).build());
    byte[] record = ("{\"user_id\":\"" + "a".repeat(20_000_001) + "\",\"emoji_type\":\"\uD83D\uDC4D\",\"timestamp\":1}")
        .getBytes(StandardCharsets.UTF_8);
    ParseResult fast = roomy.parse(record);
    assertEquals(roomy.parseWithJackson(record), fast);
    assertEquals(RejectReason.MALFORMED_JSON, ((ParseResult.Rejected) fast).reason());
  }

  @Property(tries = 3000)
  void bothPathsAgreeOnGeneratedRecords(@ForAll("records") String record) {
    assertSamePaths(record.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 2000)
  void bothPathsAgreeOnTruncatedAndMutatedRecords(@ForAll("records") String record, @ForAll long seed) {
    byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
    SplittableRandom random = new SplittableRandom(seed);
    byte[] cut = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
    assertSamePaths(cut);
    byte[] flipped = bytes.clone();
    int at = random.nextInt(flipped.length);
    flipped[at] = (byte) " {}[]\":,\\0123456789-.eEnultrfa\t\u007f".charAt(random.nextInt(31));
    assertSamePaths(flipped);
  }

  @Test
  void generatedRecordsMostlyTakeTheFastPathAndAreValid() {
    // Guards the test above from passing vacuously: plain records of the generator's shape parse.
    String plain = "{\"user_id\":\"user-7\",\"emoji_type\":\"\uD83D\uDE02\",\"timestamp\":\"2026-11-28T11:00:00Z\",\"room\":\"r1\"}";
    assertTrue(READER.parse(plain.getBytes(StandardCharsets.UTF_8)) instanceof ParseResult.Valid);
  }

  @Provide
  Arbitrary<String> records() {
    Arbitrary<String> ws = Arbitraries.of("", "", " ", "\n", "\t ", "\r\n", "\u00a0");
    Arbitrary<String> userId = Arbitraries.of(
        "\"u1\"", "\"user-42\"", "\"\"", "\"\u00e9l\u00e8ve\"", "\"a\\\"b\"", "\"x\\u0000y\"", "\"\uD83D\uDE00\"",
        "\"" + "x".repeat(129) + "\"", "null", "7", "true", "[]", "{\"a\":1}");
    Arbitrary<String> emoji = Arbitraries.of(
        "\"\uD83D\uDD25\"", "\"\u2764\"", "\"\u2764\uFE0F\"", "\"\uD83D\uDC4D\uD83C\uDFFD\"", "\"\uD83C\uDFFD\"",
        "\"\u200D\"", "\"ok\"", "\"\"", "\"\\uD83D\\uDD25\"", "\"\uD83D\uDD25\uD83D\uDD25\"", "null", "1");
    Arbitrary<String> timestamp = Arbitraries.of(
        "\"2026-11-28T11:59:59\"", "\"2026-11-28T11:59:59.123456\"", "\"2026-11-28T11:59:59Z\"",
        "\"2026-11-28T13:59:59+02:00\"", "\"2026-11-28T11:59\"", "\"2026-02-30T00:00:00\"", "\"1969-12-31T23:59:59Z\"",
        "\"2099-01-01T00:00:00Z\"", "\"yesterday\"", "\"1764331199000\"", "1764331199000", "0", "-5",
        "1764331199000.75", "1e12", "253402300800000", "99999999999999999999", "007", "null", "true", "[1]",
        "\"2026-11-28 11:59:59\"", "\"2026-11-28 11:59:59.123456\"", "\"2026-11-28 13:59:59+02:00\"",
        "1764331199", "1764331199.123456", "1764331199123456", "1764331199123456789", "0.0005", "99999999999.9999",
        "1764331199.5e0", "-1764331199.5", "100000000000000000000");
    Arbitrary<String> room = Arbitraries.of("\"global\"", "\"room-1\"", "\"\"", "null", "3", "\"r\\n\"");
    Arbitrary<String> extra = Arbitraries.of("\"other\":1", "\"nested\":{\"a\":[1,2]}", "\"user_id\":\"dup\"", "\"\u00fc\":\"x\"");
    Arbitrary<List<String>> members = Combinators.combine(
            userId.optional(), emoji.optional(), timestamp.optional(), room.optional(), extra.optional())
        .as((u, e, t, r, x) -> {
          List<String> m = new ArrayList<>();
          u.ifPresent(v -> m.add("\"user_id\":" + v));
          e.ifPresent(v -> m.add("\"emoji_type\":" + v));
          t.ifPresent(v -> m.add("\"timestamp\":" + v));
          r.ifPresent(v -> m.add("\"room\":" + v));
          x.ifPresent(m::add);
          return m;
        });
    return Combinators.combine(members, ws, ws, Arbitraries.randoms())
        .as((m, w1, w2, random) -> {
          List<String> shuffled = new ArrayList<>(m);
          java.util.Collections.shuffle(shuffled, random);
          StringBuilder sb = new StringBuilder(w1).append('{');
          for (int i = 0; i < shuffled.size(); i++) {
            sb.append(i > 0 ? "," + w2 : w2).append(shuffled.get(i).replaceFirst("\":", java.util.regex.Matcher.quoteReplacement("\"" + w1 + ":" + w2)));
          }
          return sb.append(w1).append('}').append(w2).toString();
        });
  }
}
