package io.emojireactions.apps.simulate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

  @Property
  void fastTimestampTextEqualsJavaTimeFormatting(
      @ForAll @LongRange(min = -2_000_000_000_000_000L, max = 4_000_000_000_000_000L) long epochMicros,
      @ForAll @LongRange(min = -12, max = 14) long offsetHours) {
    int offsetSeconds = (int) offsetHours * 3600;
    LocalDateTime expected =
        LocalDateTime.ofInstant(Instant.EPOCH.plusNanos(epochMicros * 1000), ZoneOffset.ofTotalSeconds(offsetSeconds));

    String text = JsonText.appendLocalDateTime(new StringBuilder(), epochMicros, offsetSeconds).toString();

    assertThat(text).isEqualTo(MICROS.format(expected));
  }

  @Test
  void stringsAreJsonEscaped() {
    assertThat(JsonText.appendString(new StringBuilder(), "a\"b\\c\n").toString()).isEqualTo("\"a\\\"b\\\\c\\n\"");
  }
}
