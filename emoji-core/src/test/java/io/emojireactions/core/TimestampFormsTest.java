package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.internal.ReactionReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The timestamp forms other producers write: a space for the {@code T} (Python's
 * {@code str(datetime)}) and epoch numbers in seconds, milliseconds, microseconds or nanoseconds,
 * told apart by magnitude. Every case is checked on both parse paths (the flat-record fast path
 * and Jackson), which must agree.
 */
class TimestampFormsTest {

  private static final ReactionParser.Config CONFIG = ReactionParser.Config.defaults();
  private static final ReactionReader READER = new ReactionReader(CONFIG);

  /** 1e11 ms, 1e14 µs and 1e17 ns: the first instant of the millisecond, micro- and nanosecond bands. */
  private static final Instant BAND_START = Instant.parse("1973-03-03T09:46:40Z");
  /** 1e11 s: where every band ends (exclusive). */
  private static final Instant BAND_END = Instant.parse("5138-11-16T09:46:40Z");

  private static String record(String timestampJson) {
    return "{\"user_id\":\"u1\",\"emoji_type\":\"\uD83D\uDC4D\",\"timestamp\":" + timestampJson + "}";
  }

  /** The result of both paths, after asserting they agree. */
  private static ParseResult parse(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ParseResult fast = READER.parse(bytes);
    assertThat(READER.parseWithJackson(bytes)).as("Jackson path of %s", json).isEqualTo(fast);
    assertThat(ReactionParser.create(CONFIG).parse(bytes)).isEqualTo(fast);
    return fast;
  }

  private static Instant eventTime(String timestampJson) {
    ParseResult result = parse(record(timestampJson));
    assertThat(result).as(timestampJson).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) result).reaction().eventTime();
  }

  private static ParseResult.Rejected rejected(String timestampJson) {
    ParseResult result = parse(record(timestampJson));
    assertThat(result).as(timestampJson).isInstanceOf(ParseResult.Rejected.class);
    return (ParseResult.Rejected) result;
  }

  // ---- a space for the T ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2025-10-29 22:31:00                | 2025-10-29T22:31:00Z",
        "2025-10-29 22:31:00.123456         | 2025-10-29T22:31:00.123Z",
        "2025-10-29 22:31:00.1              | 2025-10-29T22:31:00.100Z",
        "2025-10-29 22:31:00.999999999      | 2025-10-29T22:31:00.999Z",
        "2025-10-29 22:31                   | 2025-10-29T22:31:00Z",
        "2025-10-29 22:31:00Z               | 2025-10-29T22:31:00Z",
        "2025-10-29 22:31:00+00:00          | 2025-10-29T22:31:00Z",
        "2025-10-29 22:31:00.123456+02:00   | 2025-10-29T20:31:00.123Z",
        "2025-10-29 22:31:00-0530           | 2025-10-30T04:01:00Z",
        "2024-02-29 23:59:59                | 2024-02-29T23:59:59Z",
        "1970-01-01 00:00:00                | 1970-01-01T00:00:00Z",
        "9999-12-31 23:59:59.999            | 9999-12-31T23:59:59.999Z",
      })
  void aSpaceForTheTIsReadExactlyAsTheTForm(String spaced, String expected) {
    String withT = spaced.substring(0, 10) + "T" + spaced.substring(11);

    assertThat(eventTime("\"" + spaced + "\"")).isEqualTo(Instant.parse(expected));
    assertThat(parse(record("\"" + spaced + "\""))).isEqualTo(parse(record("\"" + withT + "\"")));
  }

  @Test
  void aNaiveSpacedTimeIsReadInTheConfiguredZone() {
    ReactionReader paris = new ReactionReader(ReactionParser.Config.builder().defaultZone(ZoneId.of("Europe/Paris")).build());
    ReactionReader plusFive = new ReactionReader(ReactionParser.Config.builder().defaultZone(ZoneOffset.ofHours(5)).build());

    assertThat(((ParseResult.Valid) paris.parse(bytes(record("\"2025-07-01 12:00:00\"")))).reaction().eventTime())
        .isEqualTo(Instant.parse("2025-07-01T10:00:00Z"));
    assertThat(((ParseResult.Valid) plusFive.parse(bytes(record("\"2025-07-01 12:00:00.250\"")))).reaction().eventTime())
        .isEqualTo(Instant.parse("2025-07-01T07:00:00.250Z"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2025-10-29  22:31:00   | two spaces",
        "2025-10-29\t22:31:00   | a tab",
        "2025-10-29 22:31:60    | second 60",
        "2025-10-29 24:00:00    | hour 24",
        "2025-10-29 22:31:00.   | empty fraction",
        "2025-10-29 22          | hour without minutes",
        "1969-12-31 23:59:59Z   | before 1970",
        "' 2025-10-29 22:31:00' | leading space",
        "2025-10-29             | a date alone (Spark's cast reads midnight)",
      })
  void aSpacedTimeIsRejectedWhereTheTFormIs(String text, String why) {
    ParseResult.Rejected r = rejected("\"" + text.replace("\t", "\\t") + "\"");

    assertThat(r.reason()).as(why).isEqualTo(RejectReason.BAD_TIMESTAMP);
  }

  @Property(tries = 2000, seed = "20251031")
  void anySpacedLocalTimeAgreesWithJavaTime(
      @ForAll @LongRange(min = 0, max = 253_402_300_799_999L) long epochMs, @ForAll @IntRange(min = 0, max = 999_999) int nanos) {
    Instant instant = Instant.ofEpochMilli(epochMs).plusNanos(nanos);
    // Python's str(datetime) writes the time with a space; LocalDateTime.toString with the T replaced is the same text
    String spaced = instant.atOffset(ZoneOffset.UTC).toLocalDateTime().toString().replace('T', ' ');

    assertThat(eventTime("\"" + spaced + "\"").toEpochMilli()).as(spaced).isEqualTo(epochMs);
  }

  // ---- epoch numbers by magnitude ----

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // seconds: [0, 1e11)
        "0                      | 1970-01-01T00:00:00Z",
        "1                      | 1970-01-01T00:00:01Z",
        "0.0009                 | 1970-01-01T00:00:00Z",
        "0.5                    | 1970-01-01T00:00:00.500Z",
        "1761777060             | 2025-10-29T22:31:00Z",
        "1761777060.123         | 2025-10-29T22:31:00.123Z",
        "1761777060.1239999     | 2025-10-29T22:31:00.123Z",
        "1761777060.5           | 2025-10-29T22:31:00.500Z",
        "1.761777060123E9       | 2025-10-29T22:31:00.123Z",
        "99999999999            | 5138-11-16T09:46:39Z",
        "99999999999.999999     | 5138-11-16T09:46:39.999Z",
        // milliseconds: [1e11, 1e14)
        "100000000000           | 1973-03-03T09:46:40Z",
        "100000000000.9         | 1973-03-03T09:46:40Z",
        "1E11                   | 1973-03-03T09:46:40Z",
        "1761777060123          | 2025-10-29T22:31:00.123Z",
        "1761777060123.999      | 2025-10-29T22:31:00.123Z",
        "99999999999999         | 5138-11-16T09:46:39.999Z",
        // microseconds: [1e14, 1e17)
        "100000000000000        | 1973-03-03T09:46:40Z",
        "1761777060123456       | 2025-10-29T22:31:00.123Z",
        "1761777060123999.9     | 2025-10-29T22:31:00.123Z",
        "99999999999999999      | 5138-11-16T09:46:39.999Z",
        // nanoseconds: [1e17, 1e20)
        "100000000000000000     | 1973-03-03T09:46:40Z",
        "1761777060123456789    | 2025-10-29T22:31:00.123Z",
        "9223372036854775807    | 2262-04-11T23:47:16.854Z",
        "9223372036854775808    | 2262-04-11T23:47:16.854Z",
        "10000000000000000000   | 2286-11-20T17:46:40Z",
        "1E19                   | 2286-11-20T17:46:40Z",
        "99999999999999999999   | 5138-11-16T09:46:39.999Z",
        "99999999999999999999.9 | 5138-11-16T09:46:39.999Z",
        // tiny fractions and huge exponents are cheap and floor to 1970
        "1e-999999999           | 1970-01-01T00:00:00Z",
        "-0                     | 1970-01-01T00:00:00Z",
      })
  void anEpochNumbersUnitIsReadFromItsMagnitude(String number, String expected) {
    assertThat(eventTime(number)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-1                        | is negative",
        "-0.001                    | is negative",
        "-1761777060.123           | is negative",
        "-9223372036854775808      | is negative",
        "-1e400                    | is negative",
        "100000000000000000000     | is 1e20 or more",
        "1E20                      | is 1e20 or more",
        "99999999999999999999999   | is 1e20 or more",
        "1e400                     | is 1e20 or more",
        "1e999999999               | is 1e20 or more",
      })
  void aNumberThatIsNoTimeInAnyUnitIsRejectedWithBadTimestamp(String number, String problem) {
    ParseResult.Rejected r = rejected(number);

    assertThat(r.reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
    assertThat(r.message()).startsWith("timestamp ").contains(problem)
        .endsWith("seconds below 1e11, milliseconds below 1e14, microseconds below 1e17, nanoseconds below 1e20");
  }

  @Test
  void pythonsTimeTimeIsNotReadAsJanuary1970() {
    // time.time() on 2025-10-29T22:31:00.123456Z, as json.dumps writes it
    assertThat(eventTime("1761777060.123456")).isEqualTo(Instant.parse("2025-10-29T22:31:00.123Z"));
    assertThat(eventTime("1761777060.123456")).isAfter(Instant.parse("1971-01-01T00:00:00Z"));
  }

  /** An instant every band can write: [1973-03-03T09:46:40Z, 5138-11-16T09:46:40Z). */
  private static final long FIRST_MS = BAND_START.toEpochMilli();
  private static final long LAST_MS = BAND_END.toEpochMilli() - 1;

  @Property(tries = 3000, seed = "20251101")
  void theSameInstantInEachUnitGivesTheSameMillisecond(
      @ForAll @LongRange(min = 0, max = 100_000_000_000_000L) long anyMs,
      @ForAll @IntRange(min = 0, max = 999) int micros,
      @ForAll @IntRange(min = 0, max = 999) int nanos) {
    long ms = FIRST_MS + Math.floorMod(anyMs, LAST_MS - FIRST_MS + 1);
    String seconds = (ms / 1000) + "." + String.format("%03d%03d%03d", ms % 1000, micros, nanos);
    String millis = Long.toString(ms);
    String microsText = BigInteger.valueOf(ms).multiply(BigInteger.valueOf(1000)).add(BigInteger.valueOf(micros)).toString();
    String nanosText = BigInteger.valueOf(ms).multiply(BigInteger.valueOf(1_000_000))
        .add(BigInteger.valueOf(micros * 1000L + nanos)).toString();
    Instant expected = Instant.ofEpochMilli(ms);

    assertThat(eventTime(seconds)).as(seconds).isEqualTo(expected);
    assertThat(eventTime(millis)).as(millis).isEqualTo(expected);
    assertThat(eventTime(microsText)).as(microsText).isEqualTo(expected);
    assertThat(eventTime(nanosText)).as(nanosText).isEqualTo(expected);
  }

  @Property(tries = 2000, seed = "20251102")
  void everySecondsBandNumberIsFlooredToItsMillisecond(
      @ForAll @LongRange(min = 0, max = 99_999_999_999L) long wholeSeconds, @ForAll @IntRange(min = 0, max = 999_999) int micros) {
    String text = wholeSeconds + "." + String.format("%06d", micros);

    assertThat(eventTime(text).toEpochMilli()).as(text).isEqualTo(wholeSeconds * 1000 + micros / 1000);
  }

  @Property(tries = 2000, seed = "20251103")
  void bandBoundariesSwitchUnitExactlyAtTheBound(@ForAll @IntRange(min = 0, max = 2) int band, @ForAll @IntRange(min = 1, max = 1000) int below) {
    long[] bounds = {100_000_000_000L, 100_000_000_000_000L, 100_000_000_000_000_000L};
    long bound = bounds[band];
    // just below a bound is the end of the smaller unit (5138), from the bound on the start of the larger one (1973)
    assertThat(eventTime(Long.toString(bound - below))).isAfter(Instant.parse("5138-11-16T00:00:00Z")).isBefore(BAND_END);
    assertThat(eventTime(Long.toString(bound + below - 1))).isAfterOrEqualTo(BAND_START)
        .isBefore(Instant.parse("1973-03-04T00:00:00Z"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
