package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TumblingWindowsTest {

  private static final TumblingWindows TWO_SECONDS = TumblingWindows.of(Duration.ofSeconds(2));

  /** The window start by plain floor division: an independent statement of epoch alignment. */
  private static long floorStart(long t, long size) {
    return Math.floorDiv(t, size) * size;
  }

  @ParameterizedTest(name = "window start {0}")
  @CsvSource({"0", "2000", "1761777060000", "-2000", "-4000", "-1761777060000"})
  void boundaryTripletStartEndMinusOneEnd(long start) {
    TimeWindow w = TWO_SECONDS.windowFor(start);
    TimeWindow last = TWO_SECONDS.windowFor(start + 1999);
    TimeWindow next = TWO_SECONDS.windowFor(start + 2000);

    assertThat(w).isEqualTo(new TimeWindow(start, start + 2000));
    assertThat(last).isEqualTo(w);
    assertThat(next).isEqualTo(new TimeWindow(start + 2000, start + 4000));
    assertThat(w.contains(start)).isTrue();
    assertThat(w.contains(start + 1999)).isTrue();
    assertThat(w.contains(start + 2000)).isFalse();
    assertThat(w.contains(start - 1)).isFalse();
  }

  @ParameterizedTest(name = "{0} -> [{1}, {2})")
  @CsvSource({"-1, -2000, 0", "-1999, -2000, 0", "-2000, -2000, 0", "-2001, -4000, -2000", "1, 0, 2000", "1999, 0, 2000"})
  void negativeTimestampsAlignToTheEpochToo(long t, long start, long end) {
    assertThat(TWO_SECONDS.windowFor(t)).isEqualTo(new TimeWindow(start, end));
  }

  @Property(tries = 5000, seed = "3")
  void everyTimestampIsInExactlyOneWindow(
      @ForAll @LongRange(min = -4_000_000_000_000L, max = 4_000_000_000_000L) long t,
      @ForAll @LongRange(min = 1, max = 3_600_000) long size) {
    TumblingWindows windows = TumblingWindows.of(Duration.ofMillis(size));
    TimeWindow w = windows.windowFor(t);

    assertThat(w.startMs()).isEqualTo(floorStart(t, size));
    assertThat(w.sizeMs()).isEqualTo(size);
    assertThat(w.contains(t)).isTrue();
    // the neighbours do not contain it: exactly one window
    assertThat(new TimeWindow(w.startMs() - size, w.startMs()).contains(t)).isFalse();
    assertThat(new TimeWindow(w.endMs(), w.endMs() + size).contains(t)).isFalse();
    assertThat(windows.windowFor(w.startMs())).isEqualTo(w);
    assertThat(windows.windowFor(w.endMs() - 1)).isEqualTo(w);
  }

  @Test
  void sizeMustBePositiveWholeMilliseconds() {
    assertThatThrownBy(() -> TumblingWindows.of(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> TumblingWindows.of(Duration.ofNanos(1_500_000))).hasMessageContaining("whole number of milliseconds");
    assertThatThrownBy(() -> new TimeWindow(5, 5)).hasMessageContaining("after its start");
  }
}
