package io.emojireactions.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.TumblingWindows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class WindowCountsTest {

  /** Boundary triplets (start, end - 1, end) around several windows, including before 1970. */
  private static List<Long> triplets(long sizeMs, long... starts) {
    List<Long> out = new ArrayList<>();
    for (long s : starts) {
      out.add(s);
      out.add(s + sizeMs - 1);
      out.add(s + sizeMs);
    }
    return out;
  }

  private void assertAlignedLikeCore(long sizeMs, List<Long> timestamps) {
    List<Object[]> input = new ArrayList<>();
    Map<String, Long> expected = new HashMap<>();
    TumblingWindows windows = TumblingWindows.of(Duration.ofMillis(sizeMs));
    for (long ts : timestamps) {
      input.add(new Object[] {"r", "👍", ts});
      TimeWindow w = windows.windowFor(ts);
      expected.merge(w.startMs() + ".." + w.endMs(), 1L, Long::sum);
    }
    List<Row> rows = SparkRows.reactions(input)
        .transform(d -> EmojiTransforms.windowCounts(d, Duration.ofMillis(sizeMs), Duration.ZERO))
        .collectAsList();
    Map<String, Long> actual = new HashMap<>();
    for (Row r : rows) {
      actual.put(SparkRows.ms(r.getAs("window_start")) + ".." + SparkRows.ms(r.getAs("window_end")),
          r.<Long>getAs("reaction_count"));
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void twoSecondWindowsAlignLikeCoreAtBoundaryTriplets() {
    long t = 1_761_777_060_000L; // 2025-10-29T22:31:00Z
    assertAlignedLikeCore(2000, triplets(2000, t, t + 2000, t + 10_000, 0, -2000, -4000));
  }

  @Test
  void subSecondAndOddSizedWindowsAlignLikeCore() {
    long t = 1_761_777_060_123L;
    assertAlignedLikeCore(500, triplets(500, t - 123, t + 377, -500, 0));
    assertAlignedLikeCore(3000, triplets(3000, 1_761_777_060_000L - 1_761_777_060_000L % 3000, -3000, 0));
    assertAlignedLikeCore(700, List.of(t, t + 1, t - 1, -1L, 0L, 1L, 699L, 700L, -700L, -701L));
  }

  @Test
  void countsPerRoomWindowAndEmojiSeparately() {
    long t = 1_761_777_060_000L;
    List<Row> rows = SparkRows.reactions(List.of(
            new Object[] {"a", "👍", t}, new Object[] {"a", "👍", t + 1999}, new Object[] {"a", "👍", t + 2000},
            new Object[] {"b", "👍", t}, new Object[] {"a", "😂", t}))
        .transform(d -> EmojiTransforms.windowCounts(d, Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .orderBy("room", "window_start", "emoji")
        .collectAsList();
    assertThat(rows).extracting(r -> r.getString(0) + " " + (SparkRows.ms(r.get(1)) - t) + " "
            + (SparkRows.ms(r.get(2)) - t) + " " + r.getString(3) + " " + r.getLong(4))
        .containsExactly("a 0 2000 👍 2", "a 0 2000 😂 1", "a 2000 4000 👍 1", "b 0 2000 👍 1");
  }

  @Test
  void rejectsABadWindowSizeNamingIt() {
    assertThatThrownBy(() -> EmojiTransforms.windowCounts(SparkRows.reactions(List.of()), Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window size");
    assertThatThrownBy(() -> EmojiTransforms.windowCounts(SparkRows.reactions(List.of()), Duration.ofSeconds(2), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lateness");
  }
}
