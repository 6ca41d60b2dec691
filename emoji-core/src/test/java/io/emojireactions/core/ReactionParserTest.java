package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReactionParserTest {

  private static final ReactionParser PARSER = ReactionParser.create();

  private static ParseResult parse(ReactionParser parser, String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Reaction valid(ReactionParser parser, String json) {
    ParseResult result = parse(parser, json);
    assertThat(result).as(json).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) result).reaction();
  }

  private static ParseResult.Rejected rejected(ReactionParser parser, String json) {
    ParseResult result = parse(parser, json);
    assertThat(result).as(json).isInstanceOf(ParseResult.Rejected.class);
    return (ParseResult.Rejected) result;
  }

  private static String record(String timestampJson) {
    return "{\"user_id\":\"u1\",\"emoji_type\":\"👍\",\"timestamp\":" + timestampJson + "}";
  }

  @Test
  void seedFormatRecordParsesToAReactionInTheGlobalRoom() {
    Reaction r = valid(PARSER, "{\"user_id\":\"user_42\",\"emoji_type\":\"🔥\",\"timestamp\":\"2025-10-29T22:31:00\"}");

    assertThat(r).isEqualTo(new Reaction("global", "user_42", "🔥", Instant.parse("2025-10-29T22:31:00Z")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"2025-10-29T22:31:00\"           | 2025-10-29T22:31:00Z",
        "\"2025-10-29T22:31:00.123456\"    | 2025-10-29T22:31:00.123Z",
        "\"2025-10-29T22:31:00.1\"         | 2025-10-29T22:31:00.100Z",
        "\"2025-10-29T22:31:00.999999999\" | 2025-10-29T22:31:00.999Z",
        "\"2025-10-29T22:31:00Z\"          | 2025-10-29T22:31:00Z",
        "\"2025-10-29T22:31:00.5Z\"        | 2025-10-29T22:31:00.500Z",
        "\"2025-10-29T22:31:00+02:00\"     | 2025-10-29T20:31:00Z",
        "\"2025-10-29T22:31:00+0200\"      | 2025-10-29T20:31:00Z",
        "\"2025-10-29T22:31:00+02\"        | 2025-10-29T20:31:00Z",
        "\"2025-10-29T22:31:00-05:30\"     | 2025-10-30T04:01:00Z",
        "\"2025-10-29T22:31:00.123456+00:00\" | 2025-10-29T22:31:00.123Z",
        "\"2024-02-29T23:59:59\"           | 2024-02-29T23:59:59Z",
        "\"2025-10-29T22:31\"              | 2025-10-29T22:31:00Z",
        "\"2025-10-29T22:31Z\"             | 2025-10-29T22:31:00Z",
        "\"1970-01-01T00:00:00Z\"          | 1970-01-01T00:00:00Z",
        "\"9999-12-31T23:59:59.999Z\"      | 9999-12-31T23:59:59.999Z",
        "1761777060000                     | 2025-10-29T22:31:00Z",
        "1761777060123.9                   | 2025-10-29T22:31:00.123Z",
        "1.761777060123E12                 | 2025-10-29T22:31:00.123Z",
        "0                                 | 1970-01-01T00:00:00Z",
        "1761777060                        | 2025-10-29T22:31:00Z",
        "1761777060.123456                 | 2025-10-29T22:31:00.123Z",
        "1761777060123456                  | 2025-10-29T22:31:00.123Z",
        "1761777060123456789               | 2025-10-29T22:31:00.123Z",
        "\"2025-10-29 22:31:00\"           | 2025-10-29T22:31:00Z",
      })
  void everyTimestampFormIsAcceptedAndFlooredToTheMillisecond(String timestampJson, String expected) {
    Reaction r = valid(PARSER, record(timestampJson));

    assertThat(r.eventTime()).isEqualTo(Instant.parse(expected));
  }

  @Test
  void timestampWithoutZoneIsReadInTheConfiguredZone() {
    ReactionParser paris = ReactionParser.create(ReactionParser.Config.builder().defaultZone(ZoneId.of("Europe/Paris")).build());
    ReactionParser plusFive = ReactionParser.create(ReactionParser.Config.builder().defaultZone(ZoneOffset.ofHours(5)).build());

    assertThat(valid(paris, record("\"2025-07-01T12:00:00\"")).eventTime()).isEqualTo(Instant.parse("2025-07-01T10:00:00Z"));
    assertThat(valid(paris, record("\"2025-12-01T12:00:00.250\"")).eventTime()).isEqualTo(Instant.parse("2025-12-01T11:00:00.250Z"));
    assertThat(valid(plusFive, record("\"2025-07-01T12:00:00\"")).eventTime()).isEqualTo(Instant.parse("2025-07-01T07:00:00Z"));
    // a local time in the spring-forward gap moves forward by the gap (ZonedDateTime.of)
    assertThat(valid(paris, record("\"2025-03-30T02:30:00\"")).eventTime()).isEqualTo(Instant.parse("2025-03-30T01:30:00Z"));
    // an explicit zone wins over the configured one
    assertThat(valid(paris, record("\"2025-07-01T12:00:00Z\"")).eventTime()).isEqualTo(Instant.parse("2025-07-01T12:00:00Z"));
  }

  @Test
  void roomDefaultsToGlobalWhenAbsentOrNullAndIsKeptWhenGiven() {
    assertThat(valid(PARSER, record("0")).room()).isEqualTo("global");
    assertThat(valid(PARSER, "{\"user_id\":\"u\",\"emoji_type\":\"👍\",\"timestamp\":0,\"room\":null}").room()).isEqualTo("global");
    assertThat(valid(PARSER, "{\"room\":\"match-7\",\"user_id\":\"u\",\"emoji_type\":\"👍\",\"timestamp\":0}").room()).isEqualTo("match-7");
  }

  @Test
  void unknownFieldsOfAnyShapeAreIgnored() {
    Reaction r = valid(PARSER,
        "{\"v\":2,\"user_id\":\"u\",\"meta\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"},\"emoji_type\":\"👍\",\"x\":[],\"timestamp\":0,\"z\":true}");

    assertThat(r.userId()).isEqualTo("u");
    assertThat(r.emoji()).isEqualTo("👍");
  }

  @Test
  void heartWithAndWithoutVariationSelectorBecomeTheSameFullyQualifiedEmoji() {
    Reaction bare = valid(PARSER, "{\"user_id\":\"u\",\"emoji_type\":\"\u2764\",\"timestamp\":0}");
    Reaction escaped = valid(PARSER, "{\"user_id\":\"u\",\"emoji_type\":\"\\u2764\\ufe0f\",\"timestamp\":0}");

    assertThat(bare.emoji()).isEqualTo("\u2764\uFE0F").isEqualTo(escaped.emoji());
  }

  @Test
  void zwjFamilyFlagAndKeycapAreOneEmojiEach() {
    assertThat(valid(PARSER, "{\"user_id\":\"u\",\"emoji_type\":\"👨‍👩‍👧‍👦\",\"timestamp\":0}").emoji()).isEqualTo("👨‍👩‍👧‍👦");
    assertThat(valid(PARSER, "{\"user_id\":\"u\",\"emoji_type\":\"🇯🇵\",\"timestamp\":0}").emoji()).isEqualTo("🇯🇵");
    assertThat(valid(PARSER, "{\"user_id\":\"u\",\"emoji_type\":\"1️⃣\",\"timestamp\":0}").emoji()).isEqualTo("1\uFE0F\u20E3");
    assertThat(valid(PARSER, "{\"user_id\":\"u\",\"emoji_type\":\"1\u20e3\",\"timestamp\":0}").emoji()).isEqualTo("1\uFE0F\u20E3");
  }

  @Test
  void skinToneFoldingFollowsTheConfig() {
    String json = "{\"user_id\":\"u\",\"emoji_type\":\"👍🏽\",\"timestamp\":0}";
    ReactionParser folding = ReactionParser.create(ReactionParser.Config.builder().foldSkinTones(true).build());

    assertThat(valid(PARSER, json).emoji()).isEqualTo("👍🏽");
    assertThat(valid(folding, json).emoji()).isEqualTo("👍");
  }

  @Test
  void userIdAndRoomLimitsAreInclusiveAt128Characters() {
    String u128 = "u".repeat(128);
    String emoji128 = "😀".repeat(128); // 128 code points, 256 UTF-16 units

    assertThat(valid(PARSER, "{\"user_id\":\"" + u128 + "\",\"emoji_type\":\"👍\",\"timestamp\":0}").userId()).isEqualTo(u128);
    assertThat(valid(PARSER, "{\"user_id\":\"" + emoji128 + "\",\"emoji_type\":\"👍\",\"timestamp\":0,\"room\":\"" + u128 + "\"}").room()).isEqualTo(u128);
  }

  @Test
  void recordOfExactlyTheLimitIsParsedAndOneByteMoreIsTooLarge() {
    ReactionParser small = ReactionParser.create(ReactionParser.Config.builder().maxRecordBytes(100).build());
    String base = record("0");
    String exact = base + " ".repeat(100 - base.getBytes(StandardCharsets.UTF_8).length);

    assertThat(parse(small, exact).isValid()).isTrue();
    ParseResult.Rejected tooLarge = rejected(small, exact + " ");
    assertThat(tooLarge.reason()).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(tooLarge.message()).isEqualTo("record is 101 bytes, the limit is 100 bytes");
  }

  @Test
  void futureTimestampIsRejectedOnlyWhenASkewIsConfigured() {
    Clock clock = Clock.fixed(Instant.parse("2025-10-29T22:31:00Z"), ZoneOffset.UTC);
    ReactionParser strict =
        ReactionParser.create(ReactionParser.Config.builder().maxFutureSkew(Duration.ofSeconds(5)).clock(clock).build());

    assertThat(parse(strict, record("\"2025-10-29T22:31:05Z\"")).isValid()).isTrue();
    ParseResult.Rejected r = rejected(strict, record("\"2025-10-29T22:31:05.001Z\""));
    assertThat(r.reason()).isEqualTo(RejectReason.FUTURE_TIMESTAMP);
    assertThat(r.message()).contains("5001 ms ahead");
    assertThat(parse(PARSER, record("\"2025-10-29T22:31:05.001Z\"")).isValid()).isTrue();
  }

  @Test
  void messagesStayValidUnicodeWhenTheInputHasUnpairedSurrogates() {
    ParseResult.Rejected r = rejected(PARSER, "{\"user_id\":\"u\",\"emoji_type\":\"\\ud83d\",\"timestamp\":0}");

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AN_EMOJI);
    assertThat(r.message()).isEqualTo("emoji_type '\uFFFD' is not exactly one emoji");
  }

  @Test
  void nullInputIsRejectedNotThrown() {
    assertThat(PARSER.parse(null)).isEqualTo(new ParseResult.Rejected(RejectReason.MALFORMED_JSON, "record value is null"));
  }

  @Test
  void firstProblemInFieldOrderWinsRegardlessOfJsonOrder() {
    // timestamp and emoji are both bad; emoji_type is checked first
    ParseResult.Rejected r = rejected(PARSER, "{\"timestamp\":\"x\",\"emoji_type\":\"nope\",\"user_id\":\"u\"}");

    assertThat(r.reason()).isEqualTo(RejectReason.NOT_AN_EMOJI);
    assertThat(r.message()).isEqualTo("emoji_type 'nope' is not exactly one emoji");
  }

  @Test
  void messagesNameTheFieldAndNeverEchoLongInput() {
    String longText = "x".repeat(3000);
    ParseResult.Rejected badTs = rejected(PARSER, record("\"" + longText + "\""));
    ParseResult.Rejected badType = rejected(PARSER, "{\"user_id\":1,\"emoji_type\":\"👍\",\"timestamp\":0}");
    ParseResult.Rejected missing = rejected(PARSER, "{\"user_id\":\"u\",\"timestamp\":0}");

    assertThat(badTs.message()).startsWith("timestamp 'xxx").contains("(3000 chars)").hasSizeLessThan(250);
    assertThat(badType.message()).isEqualTo("user_id must be a string, but was a number");
    assertThat(missing.message()).isEqualTo("emoji_type is required but missing or null");
    assertThat(rejected(PARSER, record("\"1761777060000\"")).message())
        .contains("an epoch number must be a JSON number");
  }

  @Property(tries = 2000, seed = "20251029")
  void isoLocalDateTimesAgreeWithJavaTime(
      @ForAll @LongRange(min = 0, max = 253_402_300_799_999L) long epochMs, @ForAll @IntRange(min = 0, max = 999_999) int micros) {
    Instant instant = Instant.ofEpochMilli(epochMs).plusNanos(micros % 1000 * 1000L);
    String local = instant.atOffset(ZoneOffset.UTC).toLocalDateTime().toString(); // Python-like isoformat

    Reaction r = valid(PARSER, record("\"" + local + "\""));

    assertThat(r.eventTimeMs()).isEqualTo(epochMs);
  }

  @Property(tries = 2000, seed = "20251030")
  void isoDateTimesWithOffsetsAgreeWithJavaTime(
      @ForAll @LongRange(min = 86_400_000L, max = 253_402_214_400_000L) long epochMs,
      @ForAll @IntRange(min = 0, max = 999_999) int nanosBelowMilli,
      @ForAll @IntRange(min = -18 * 4, max = 18 * 4) int quarterHours) {
    Instant instant = Instant.ofEpochMilli(epochMs).plusNanos(nanosBelowMilli);
    // OffsetDateTime.toString() writes Z for +00:00, drops zero seconds, and 3/6/9 fraction digits
    String text = instant.atOffset(ZoneOffset.ofTotalSeconds(quarterHours * 900)).toString();

    Reaction r = valid(PARSER, record("\"" + text + "\""));

    assertThat(r.eventTimeMs()).as(text).isEqualTo(epochMs);
  }

  @Property(tries = 3000, seed = "42")
  void arbitraryBytesNeverThrowAndAlwaysGiveAResult(@ForAll @Size(max = 300) byte[] bytes) {
    ParseResult result = PARSER.parse(bytes);

    assertThat(result).isNotNull();
    if (result instanceof ParseResult.Rejected r) {
      assertThat(r.message()).isNotBlank().hasSizeLessThan(400);
    }
  }

  @Property(tries = 3000, seed = "7")
  void mutatedValidRecordsNeverThrow(@ForAll @IntRange(min = 0, max = 80) int at, @ForAll byte replacement) {
    byte[] bytes = "{\"user_id\":\"u1\",\"emoji_type\":\"👍\",\"timestamp\":\"2025-10-29T22:31:00.123456\",\"room\":\"r\"}"
        .getBytes(StandardCharsets.UTF_8);
    bytes[at % bytes.length] = replacement;

    assertThat(PARSER.parse(bytes)).isNotNull();
  }
}
