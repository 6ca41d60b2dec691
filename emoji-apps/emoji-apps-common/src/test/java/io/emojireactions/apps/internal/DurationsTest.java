package io.emojireactions.apps.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsWholeNumbersWithUnits() {
    assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(Durations.parse(" 3H ")).isEqualTo(Duration.ofHours(3));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("PT2.5S")).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void rejectsAnythingElseNamingTheTextAndTheForms() {
    assertThatThrownBy(() -> Durations.parse("2")).hasMessageContaining("'2' needs a unit");
    assertThatThrownBy(() -> Durations.parse("2 sec")).hasMessageContaining("'2 sec'").hasMessageContaining("500ms");
    assertThatThrownBy(() -> Durations.parse("-1s")).hasMessageContaining("'-1s'");
    assertThatThrownBy(() -> Durations.parse(null)).hasMessageContaining("'null'");
    assertThatThrownBy(() -> Durations.parse("99999999999999999999s")).hasMessageContaining("99999999999999999999s");
  }

  @Test
  void formatIsTheShortestFormParseReadsBack() {
    for (String text : new String[] {"2s", "500ms", "1m", "2h", "0s", "1500ms"}) {
      assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
  }
}
