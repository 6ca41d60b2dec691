package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowedCountTest {

  private static WindowedCount heart(long count, boolean isFinal) {
    return new WindowedCount("global", new TimeWindow(1_761_777_060_000L, 1_761_777_062_000L), "❤️", count, 1, isFinal);
  }

  private static WindowedCount merge(List<WindowedCount> received) {
    return received.stream().reduce(WindowedCount::mergeMax).orElseThrow();
  }

  @Test
  void maxMergeKeepsTheLargestCountWhateverDuplicatesOrOrder() {
    assertThat(merge(List.of(heart(120, false)))).isEqualTo(heart(120, false));
    assertThat(merge(List.of(heart(120, false), heart(95, false)))).isEqualTo(heart(120, false));
    assertThat(merge(List.of(heart(120, false), heart(130, false), heart(120, false)))).isEqualTo(heart(130, false));
  }

  @Test
  void maxMergePrefersTheFinalMessageOnATie() {
    assertThat(heart(130, false).mergeMax(heart(130, true))).isEqualTo(heart(130, true));
    assertThat(heart(130, true).mergeMax(heart(130, false))).isEqualTo(heart(130, true));
  }

  @Test
  void maxMergeRefusesDifferentKeys() {
    WindowedCount other = new WindowedCount("global", new TimeWindow(0, 2000), "❤️", 1, 1, false);

    assertThatThrownBy(() -> heart(1, false).mergeMax(other)).isInstanceOf(IllegalArgumentException.class);
  }
}
