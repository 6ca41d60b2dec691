package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link WindowedCountJson} reads the Python job's aggregates (naive {@code "2025-10-29 22:31:00"}
 * UTC times, no room, no final) as the count our own format with room {@code global} and
 * {@code final: false} would be.
 */
class PythonAggregateJsonTest {

  /** Byte for byte what the Python job writes to emoji_main_publisher. */
  static final String PYTHON =
      "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"❤️\","
          + " \"reaction_count\": 3785, \"scaled_reactions\": 3785}";

  private static final long START = Instant.parse("2025-10-29T22:31:00Z").toEpochMilli();
  private static final WindowedCount EXPECTED =
      new WindowedCount("global", new TimeWindow(START, START + 2000), "❤️", 3785, 3785, false);

  @Test
  void thePythonJobsAggregateIsTheGlobalNonFinalCountOfItsWindowAndEmoji() {
    WindowedCount count = WindowedCountJson.fromJson(PYTHON.getBytes(StandardCharsets.UTF_8));

    assertThat(count).isEqualTo(EXPECTED);
    // our own format of the same (room, window, emoji) reads as the same count
    assertThat(WindowedCountJson.fromJson(WindowedCountJson.toJson(EXPECTED))).isEqualTo(count);
    assertThat(WindowedCountJson.toJsonString(count)).isEqualTo(
        "{\"room\":\"global\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\","
            + "\"emoji\":\"❤️\",\"reaction_count\":3785,\"scaled_reactions\":3785,\"final\":false}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2025-10-29 22:31:00           | 2025-10-29T22:31:00Z",
        "2025-10-29T22:31:00           | 2025-10-29T22:31:00Z",
        "2025-10-29 22:31:00Z          | 2025-10-29T22:31:00Z",
        "2025-10-29T22:31:00Z          | 2025-10-29T22:31:00Z",
        "2025-10-29 22:31:00+00:00     | 2025-10-29T22:31:00Z",
        "2025-10-29 23:31:00+01:00     | 2025-10-29T22:31:00Z",
        "2025-10-29T17:01:00-05:30     | 2025-10-29T22:31:00Z",
        "2025-10-29 22:31:00.000       | 2025-10-29T22:31:00Z",
        "2025-10-29 22:31:00.000000    | 2025-10-29T22:31:00Z",
        "2025-10-29 22:31:00.5         | 2025-10-29T22:31:00.500Z",
        "2025-10-29 22:31              | 2025-10-29T22:31:00Z",
      })
  void naiveTimesAreUtcAndZonedOnesKeepTheirZone(String windowStart, String expected) {
    String json = "{\"window_start\": \"" + windowStart + "\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"👍\","
        + " \"reaction_count\": 1, \"scaled_reactions\": 1}";

    assertThat(WindowedCountJson.fromJson(json).window().startMs()).isEqualTo(Instant.parse(expected).toEpochMilli());
  }

  @Test
  void roomAndFinalAreReadWhenPresentAndDefaultWhenAbsent() {
    String both = "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"❤️\","
        + " \"reaction_count\": 3785, \"scaled_reactions\": 3785, \"room\": \"match-7\", \"final\": true}";
    String onlyRoom = "{\"room\": \"match-7\", \"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\","
        + " \"emoji\": \"❤️\", \"reaction_count\": 3785, \"scaled_reactions\": 3785}";
    String onlyFinal = "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"❤️\","
        + " \"reaction_count\": 3785, \"scaled_reactions\": 3785, \"final\": true}";

    assertThat(WindowedCountJson.fromJson(both))
        .isEqualTo(new WindowedCount("match-7", EXPECTED.window(), "❤️", 3785, 3785, true));
    assertThat(WindowedCountJson.fromJson(onlyRoom))
        .isEqualTo(new WindowedCount("match-7", EXPECTED.window(), "❤️", 3785, 3785, false));
    assertThat(WindowedCountJson.fromJson(onlyFinal))
        .isEqualTo(new WindowedCount("global", EXPECTED.window(), "❤️", 3785, 3785, true));
  }

  @Test
  void extraFieldsOfAnyTypeAreIgnored() {
    String extra = "{\"window_start\": \"2025-10-29 22:31:00\", \"batch_id\": 17, \"window_end\": \"2025-10-29 22:31:02\","
        + " \"emoji\": \"❤️\", \"meta\": {\"job\": \"pyspark\", \"tags\": [1, null]}, \"reaction_count\": 3785,"
        + " \"scaled_reactions\": 3785, \"processed_at\": \"2025-10-29 22:31:05.123456\", \"late\": null}";

    assertThat(WindowedCountJson.fromJson(extra)).isEqualTo(EXPECTED);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"reaction_count\": 1, \"scaled_reactions\": 1} | field 'window_start' is missing",
        "{\"window_start\": \"2025-10-29 22:31:00\", \"emoji\": \"x\", \"reaction_count\": 1, \"scaled_reactions\": 1} | field 'window_end' is missing",
        "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"reaction_count\": 1, \"scaled_reactions\": 1} | field 'emoji' is missing",
        "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"scaled_reactions\": 1} | field 'reaction_count' is missing",
        "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"reaction_count\": 1} | field 'scaled_reactions' is missing",
        "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"reaction_count\": 1.0, \"scaled_reactions\": 1} | field 'reaction_count' must be a whole number",
        "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"reaction_count\": \"3785\", \"scaled_reactions\": 1} | field 'reaction_count' must be a whole number",
        "{\"window_start\": 1761777060, \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"reaction_count\": 1, \"scaled_reactions\": 1} | field 'window_start' must be an ISO-8601 string",
        "{\"window_start\": \"2025-10-29  22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"reaction_count\": 1, \"scaled_reactions\": 1} | field 'window_start' must be an ISO-8601 instant",
        "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-02-30 22:31:02\", \"emoji\": \"x\", \"reaction_count\": 1, \"scaled_reactions\": 1} | field 'window_end' must be an ISO-8601 instant",
        "{\"window_start\": \"2025-10-29 22:31:00.0001\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"reaction_count\": 1, \"scaled_reactions\": 1} | finer than milliseconds",
        "{\"window_start\": \"2025-10-29 22:31:02\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"reaction_count\": 1, \"scaled_reactions\": 1} | must be after window_start",
        "{\"room\": null, \"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"reaction_count\": 1, \"scaled_reactions\": 1} | field 'room' must be a string",
        "{\"room\": \"\", \"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"reaction_count\": 1, \"scaled_reactions\": 1} | field 'room' must not be empty",
        "{\"final\": \"false\", \"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"x\", \"reaction_count\": 1, \"scaled_reactions\": 1} | field 'final' must be a boolean",
        "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"\", \"reaction_count\": 1, \"scaled_reactions\": 1} | field 'emoji' must not be empty",
      })
  void anInvalidPythonStyleAggregateIsRejectedNamingTheProblem(String json, String problem) {
    assertThatThrownBy(() -> WindowedCountJson.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @Property(tries = 1000, seed = "20251029")
  void aPythonAggregateReadsAsItsOurFormatTwin(
      @ForAll @LongRange(min = 0, max = 4_000_000_000L) long windowIndex,
      @ForAll @IntRange(min = 0, max = 9) int emojiIndex,
      @ForAll @LongRange(min = 1, max = 10_000_000) long reactions) {
    String[] emojis = {"❤️", "👍", "😂", "🔥", "🎉", "😮", "😢", "🙏", "💯", "👀"};
    long start = windowIndex * 2000;
    WindowedCount twin = new WindowedCount("global", new TimeWindow(start, start + 2000), emojis[emojiIndex], reactions,
        Math.max(1, reactions / 1000), false);
    // str() of a naive UTC datetime: a space, no zone, seconds always, no fraction on whole seconds
    String python = "{\"window_start\": \"" + pythonStr(start) + "\", \"window_end\": \"" + pythonStr(start + 2000)
        + "\", \"emoji\": \"" + twin.emoji() + "\", \"reaction_count\": " + reactions + ", \"scaled_reactions\": "
        + twin.scaledReactions() + "}";

    assertThat(WindowedCountJson.fromJson(python)).as(python).isEqualTo(twin);
  }

  private static String pythonStr(long ms) {
    java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(ms / 1000, 0, java.time.ZoneOffset.UTC);
    return String.format("%04d-%02d-%02d %02d:%02d:%02d",
        t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
  }
}
