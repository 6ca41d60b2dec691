package io.emojireactions.apps.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSummaryTest {

  private static final Instant T0 = Instant.parse("2025-10-29T22:31:00Z");
  private static final String HEART = "\u2764\uFE0F"; // ❤️, fully qualified as the pipeline writes it

  private final ManualClock clock = new ManualClock(T0);
  private final ConsoleSummary summary = ConsoleSummary.builder().clock(clock).build(); // lateness 2 s, hold 3 s, top 3, 3 rooms

  /** A count of window [startS, startS + 2) s after T0. */
  private static WindowedCount c(long startS, String room, String emoji, long count) {
    return c(startS, room, emoji, count, false);
  }

  private static WindowedCount c(long startS, String room, String emoji, long count, boolean isFinal) {
    long start = T0.toEpochMilli() + startS * 1000;
    return new WindowedCount(room, new TimeWindow(start, start + 2000), emoji, count, count, isFinal);
  }

  /** Sets the clock to {@code seconds} after T0. */
  private void at(double seconds) {
    clock.advance(Duration.between(clock.instant(), T0.plusMillis(Math.round(seconds * 1000))));
  }

  @Test
  void oneLinePerClosedWindowInWindowOrderWithTopEmojisBusiestRoomsRateAndLag() {
    at(1.5);
    for (WindowedCount m : List.of(c(0, "room-1", "👍", 5), c(0, "room-1", HEART, 3), c(0, "room-1", "😂", 3), c(0, "room-1", "🔥", 1),
        c(0, "room-2", "👍", 10), c(0, "room-3", HEART, 2), c(0, "room-3", "😂", 2), c(0, "room-4", "🔥", 1))) {
      assertThat(summary.accept(m)).isEmpty();
    }
    at(3.4);
    assertThat(summary.accept(c(0, "room-1", "👍", 7))).isEmpty(); // an update: max-merged
    at(3.5);
    assertThat(summary.accept(c(0, "room-1", "👍", 4))).isEmpty(); // an older update: ignored
    assertThat(summary.accept(c(2, "room-1", "👍", 1))).isEmpty(); // boundary 2 − 2 = 0: nothing passed
    at(5);
    assertThat(summary.accept(c(4, "room-2", "👍", 2))).isEmpty(); // boundary 4 − 2 = 2 passes [0,2): held 3 s
    at(6);
    assertThat(summary.accept(c(0, "room-3", HEART, 3))).isEmpty(); // still counted during the hold
    at(7.999);
    assertThat(summary.poll()).isEmpty();
    at(8);
    // room-1 14, room-2 10, room-3 5 shown, room-4 cut; ❤️ and 😂 tie at 3 (String order); 🔥 1 is 4th
    // of room-1; 30 reactions in 2 s; last growth at 6 s, 4 s after the window's end.
    assertThat(summary.poll()).containsExactly(
        "window 22:31:00-22:31:02 UTC | room-1: 👍 7, ❤️ 3, 😂 3 | room-2: 👍 10 | room-3: ❤️ 3, 😂 2 | +1 room | 15 reactions/s | lag 4.0 s");
    assertThat(summary.poll()).isEmpty();

    at(8.5);
    assertThat(summary.accept(c(0, "room-1", "👍", 9))).isEmpty(); // its line was printed: late
    assertThat(summary.lateMessages()).isEqualTo(1);
    at(9);
    assertThat(summary.accept(c(2, "room-1", "😂", 1, true))).isEmpty(); // final: the watermark reached 4 s
    at(11.999);
    assertThat(summary.poll()).isEmpty();
    at(12);
    assertThat(summary.poll()).containsExactly("window 22:31:02-22:31:04 UTC | room-1: 👍 1, 😂 1 | 1 reactions/s | lag 5.0 s");

    at(12.5);
    assertThat(summary.accept(c(6, "room-1", "🎉", 3))).isEmpty();
    at(13);
    assertThat(summary.accept(c(10, "room-2", "👍", 1))).isEmpty(); // boundary 8 passes [4,6) and [6,8)
    at(16);
    assertThat(summary.poll()).containsExactly(
        "window 22:31:04-22:31:06 UTC | room-2: 👍 2 | 1 reactions/s | lag 0.0 s", // grew before its end
        "window 22:31:06-22:31:08 UTC | room-1: 🎉 3 | 1.5 reactions/s | lag 4.5 s");
    assertThat(summary.openWindows()).isEqualTo(1);
    assertThat(summary.lateMessages()).isEqualTo(1);
  }

  @Test
  void aWindowFirstSeenAfterTheBoundaryPassedItIsHeldFromThenAndAnEarlierOneAfterALineIsLate() {
    at(10);
    assertThat(summary.accept(c(10, "room-1", "👍", 1))).isEmpty(); // boundary 8
    assertThat(summary.accept(c(4, "room-1", "👍", 2))).isEmpty(); // [4,6) already passed: held from now
    at(13);
    assertThat(summary.poll()).containsExactly("window 22:31:04-22:31:06 UTC | room-1: 👍 2 | 1 reactions/s | lag 4.0 s");
    assertThat(summary.accept(c(2, "room-1", "👍", 5))).isEmpty(); // before the last line's window
    assertThat(summary.accept(c(4, "room-1", "👍", 5))).isEmpty();
    assertThat(summary.lateMessages()).isEqualTo(2);
    assertThat(summary.openWindows()).isEqualTo(1);
  }

  @Test
  void cutsTopEmojisAndRoomsAsConfigured() {
    ConsoleSummary one = ConsoleSummary.builder().clock(clock).topEmojis(1).maxRooms(1).lateness(Duration.ZERO).hold(Duration.ZERO).build();
    one.accept(c(0, "b", "👍", 2));
    one.accept(c(0, "a", "👍", 1));
    one.accept(c(0, "a", "😂", 1));
    one.accept(c(0, "c", "😂", 1));
    // a and b tie at 2 reactions: a first; of a's tied emojis 👍 first.
    assertThat(one.accept(c(2, "a", "👍", 1))).containsExactly("window 22:31:00-22:31:02 UTC | a: 👍 1 | +2 rooms | 2.5 reactions/s | lag 0.0 s");
  }

  @Test
  void subSecondWindowsShowTheirFractionAndRate() {
    ConsoleSummary s = ConsoleSummary.builder().clock(clock).lateness(Duration.ZERO).hold(Duration.ZERO).build();
    long t = T0.toEpochMilli();
    at(0.7);
    s.accept(new WindowedCount("r", new TimeWindow(t, t + 500), "👍", 3, 3, false));
    assertThat(s.accept(new WindowedCount("r", new TimeWindow(t + 500, t + 1000), "👍", 1, 1, false)))
        .containsExactly("window 22:31:00-22:31:00.5 UTC | r: 👍 3 | 6 reactions/s | lag 0.2 s");
  }

  @Test
  void hostileNamesCannotWriteControlCharactersAndAreCut() {
    ConsoleSummary s = ConsoleSummary.builder().clock(clock).lateness(Duration.ZERO).hold(Duration.ZERO).build();
    s.accept(c(0, "\u001B[2Jroom" + "x".repeat(60), "\u0007", 1));
    assertThat(s.accept(c(2, "r", "👍", 1))).containsExactly(
        "window 22:31:00-22:31:02 UTC | \uFFFD[2Jroom" + "x".repeat(32) + "…: \uFFFD 1 | 0.5 reactions/s | lag 0.0 s");
  }

  @Test
  void keysBeyondTheBoundOfAWindowAreNotCountedButCounted() {
    ConsoleSummary s = ConsoleSummary.builder().clock(clock).lateness(Duration.ZERO).hold(Duration.ZERO).maxRooms(1).build();
    for (int i = 0; i < ConsoleSummary.MAX_KEYS_PER_WINDOW; i++) {
      s.accept(c(0, "r", "e" + i, 1));
    }
    s.accept(c(0, "r", "one-too-many", 1000));
    assertThat(s.uncountedMessages()).isEqualTo(1);
    assertThat(s.accept(c(2, "r", "👍", 1))).singleElement().asString()
        .startsWith("window 22:31:00-22:31:02 UTC | r: e0 1, e1 1, e10 1 | 50000 reactions/s");
  }

  @Test
  void builderNamesTheBadField() {
    assertThatThrownBy(() -> ConsoleSummary.builder().build()).hasMessage("clock is required, but was null");
    assertThatThrownBy(() -> ConsoleSummary.builder().clock(clock).lateness(Duration.ofSeconds(-1)).build())
        .hasMessage("lateness must be >= 0, but was PT-1S");
    assertThatThrownBy(() -> ConsoleSummary.builder().clock(clock).hold(null).build()).hasMessage("hold must be >= 0, but was null");
    assertThatThrownBy(() -> ConsoleSummary.builder().clock(clock).topEmojis(0).build()).hasMessage("topEmojis must be >= 1, but was 0");
    assertThatThrownBy(() -> ConsoleSummary.builder().clock(clock).maxRooms(0).build()).hasMessage("maxRooms must be >= 1, but was 0");
  }
}
