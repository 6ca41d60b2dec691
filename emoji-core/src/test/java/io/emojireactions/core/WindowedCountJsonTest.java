package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.core.internal.IsoTime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowedCountJsonTest {

  private static final String CONTRACT_EXAMPLE =
      "{\"room\":\"global\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\","
          + "\"emoji\":\"❤️\",\"reaction_count\":120,\"scaled_reactions\":1,\"final\":false}";

  private static final WindowedCount EXAMPLE = new WindowedCount(
      "global",
      new TimeWindow(Instant.parse("2025-10-29T22:31:00Z").toEpochMilli(), Instant.parse("2025-10-29T22:31:02Z").toEpochMilli()),
      "❤️", 120, 1, false);

  @Test
  void writesExactlyTheContractExample() {
    assertThat(new String(WindowedCountJson.toJson(EXAMPLE), StandardCharsets.UTF_8)).isEqualTo(CONTRACT_EXAMPLE);
    assertThat(WindowedCountJson.toJsonString(EXAMPLE)).isEqualTo(CONTRACT_EXAMPLE);
  }

  @Test
  void readsTheContractExample() {
    assertThat(WindowedCountJson.fromJson(CONTRACT_EXAMPLE)).isEqualTo(EXAMPLE);
  }

  @Test
  void fractionAppearsOnlyWhenTheMillisecondIsNotZero() {
    WindowedCount c = new WindowedCount("r", new TimeWindow(500, 1500), "👍", 3, 1, true);

    assertThat(WindowedCountJson.toJsonString(c))
        .isEqualTo("{\"room\":\"r\",\"window_start\":\"1970-01-01T00:00:00.500Z\",\"window_end\":\"1970-01-01T00:00:01.500Z\","
            + "\"emoji\":\"👍\",\"reaction_count\":3,\"scaled_reactions\":1,\"final\":true}");
  }

  @Test
  void escapesQuotesInRoomNames() {
    WindowedCount c = new WindowedCount("a\"b\\c", new TimeWindow(0, 2000), "👍", 1, 1, false);

    String json = WindowedCountJson.toJsonString(c);
    assertThat(json).startsWith("{\"room\":\"a\\\"b\\\\c\",");
    assertThat(WindowedCountJson.fromJson(json)).isEqualTo(c);
  }

  @Test
  void ignoresUnknownFieldsAndAcceptsAnyFieldOrder() {
    String json = "{\"final\":true,\"x\":{\"y\":[1]},\"emoji\":\"👍\",\"scaled_reactions\":2,\"reaction_count\":2000,"
        + "\"window_end\":\"1970-01-01T00:00:02Z\",\"window_start\":\"1970-01-01T00:00:00Z\",\"room\":\"r\"}";

    assertThat(WindowedCountJson.fromJson(json)).isEqualTo(new WindowedCount("r", new TimeWindow(0, 2000), "👍", 2000, 2, true));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"room\":\"g\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":1,\"scaled_reactions\":1,\"final\":false} | field 'window_start' is missing",
        "{\"room\":\"g\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":1} | field 'scaled_reactions' is missing",
        "{\"room\":\"g\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":\"1\",\"scaled_reactions\":1,\"final\":false} | field 'reaction_count' must be a whole number",
        "{\"room\":\"g\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":1.5,\"scaled_reactions\":1,\"final\":false} | field 'reaction_count' must be a whole number",
        "{\"room\":\"g\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":-1,\"scaled_reactions\":1,\"final\":false} | field 'reaction_count' must be >= 0",
        "{\"room\":\"g\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":1,\"scaled_reactions\":1,\"final\":\"no\"} | field 'final' must be a boolean",
        "{\"room\":\"g\",\"window_start\":\"2025-10-29 22:31:04\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":1,\"scaled_reactions\":1,\"final\":false} | must be after window_start",
        "{\"room\":\"g\",\"window_start\":\"2025-10-29 22:31:00 UTC\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":1,\"scaled_reactions\":1,\"final\":false} | field 'window_start' must be an ISO-8601 instant",
        "{\"room\":\"g\",\"window_start\":\"2025-10-29T22:31:00.0001Z\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":1,\"scaled_reactions\":1,\"final\":false} | finer than milliseconds",
        "{\"room\":\"g\",\"window_start\":\"2025-10-29T22:31:02Z\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":1,\"scaled_reactions\":1,\"final\":false} | must be after window_start",
        "{\"room\":\"\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":1,\"scaled_reactions\":1,\"final\":false} | field 'room' must not be empty",
        "{\"room\":\"g\",\"room\":\"h\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\",\"emoji\":\"x\",\"reaction_count\":1,\"scaled_reactions\":1,\"final\":false} | not valid JSON: Duplicate field 'room'",
        "[1] | must be a JSON object",
        "{\"room\":\"g\"} x | not valid JSON",
        "{\"room\":\"g\" | not valid JSON",
      })
  void rejectsMessagesOutsideTheContractNamingTheProblem(String json, String problem) {
    assertThatThrownBy(() -> WindowedCountJson.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void rejectsNullAndEmptyInput() {
    assertThatThrownBy(() -> WindowedCountJson.fromJson((byte[]) null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WindowedCountJson.fromJson(new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyIsRoomAndEmoji() {
    assertThat(WindowedCountJson.key("global", "❤️")).isEqualTo("global|❤️");
  }

  @Property(tries = 3000, seed = "11")
  void instantFormattingMatchesIsoInstant(@ForAll @LongRange(min = -100_000_000_000_000L, max = 400_000_000_000_000L) long ms) {
    assertThat(IsoTime.format(ms)).isEqualTo(Instant.ofEpochMilli(ms).toString());
  }

  @Property(tries = 1000, seed = "12")
  void roundTripKeepsEveryField(
      @ForAll @LongRange(min = -10_000_000_000_000L, max = 300_000_000_000_000L) long start,
      @ForAll @LongRange(min = 1, max = 86_400_000) long size,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long count,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long scaled,
      @ForAll boolean isFinal) {
    WindowedCount c = new WindowedCount("room-1", new TimeWindow(start, start + size), "🧑🏽‍💻", count, scaled, isFinal);

    assertThat(WindowedCountJson.fromJson(WindowedCountJson.toJson(c))).isEqualTo(c);
  }
}
