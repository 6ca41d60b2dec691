package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenario tests on 2 s windows and 2 s lateness, times in seconds after T0 =
 * 2025-10-29T22:31:00Z (a window start). The timeline (docs/semantics.md walks through it):
 *
 * <pre>
 * batch  records (s, emoji)        late-threshold W[n-1]  W[n]   W[n+1]
 * 0      0.5👍 1.0👍 3.0❤️           none                  none   1.0
 * 1      1.5👍 7.0🔥                 none                  1.0    5.0
 * 2      1.9👍 3.5❤️                 1.0                   5.0    5.0
 * 3      3.9❤️ (late) 5.0🔥          5.0                   5.0    5.0
 * </pre>
 */
class WindowedAggregatorTest {

  private static final long T0 = Instant.parse("2025-10-29T22:31:00Z").toEpochMilli();
  private static final String UP = "👍";
  private static final String HEART = "❤️";
  private static final String FIRE = "🔥";

  private static WindowedAggregator aggregator(OutputMode mode) {
    return WindowedAggregator.create(WindowedAggregator.Config.builder()
        .window(TumblingWindows.of(Duration.ofSeconds(2))).lateness(Duration.ofSeconds(2)).outputMode(mode).build());
  }

  private static Reaction at(double seconds, String emoji) {
    return new Reaction("global", "u", emoji, Instant.ofEpochMilli(T0 + Math.round(seconds * 1000)));
  }

  private static WindowedCount count(int windowStartSeconds, String emoji, long n, boolean isFinal) {
    long start = T0 + windowStartSeconds * 1000L;
    return new WindowedCount("global", new TimeWindow(start, start + 2000), emoji, n, 1, isFinal);
  }

  @Test
  void updateModeEmitsChangedKeysAndDecidesLatenessWithThePreviousBatchWatermark() {
    WindowedAggregator agg = aggregator(OutputMode.UPDATE);

    agg.add(at(0.5, UP));
    agg.add(at(1.0, UP));
    agg.add(at(3.0, HEART));
    assertThat(agg.endBatch()).containsExactly(count(0, UP, 2, false), count(2, HEART, 1, false));
    assertThat(agg.watermarkMs()).isEqualTo(T0 + 1000);

    assertThat(agg.add(at(1.5, UP))).isTrue();
    agg.add(at(7.0, FIRE));
    assertThat(agg.endBatch()).containsExactly(count(0, UP, 3, false), count(6, FIRE, 1, false));
    assertThat(agg.watermarkMs()).isEqualTo(T0 + 5000);
    assertThat(agg.lateThresholdMs()).isEqualTo(T0 + 1000);

    // W[2] = 5 s already, but lateness is decided with W[1] = 1 s: window [0, 2) still counts
    assertThat(agg.add(at(1.9, UP))).isTrue();
    assertThat(agg.add(at(3.5, HEART))).isTrue();
    assertThat(agg.endBatch()).containsExactly(count(0, UP, 4, false), count(2, HEART, 2, false));
    // ... and both windows (end <= W[2] = 5 s) were evicted after the output
    assertThat(agg.stateSize()).isEqualTo(1);
    assertThat(agg.lateRecords()).isZero();

    assertThat(agg.add(at(3.9, HEART))).isFalse();
    assertThat(agg.add(at(5.0, FIRE))).isTrue();
    assertThat(agg.endBatch()).containsExactly(count(4, FIRE, 1, false));
    assertThat(agg.lateRecords()).isEqualTo(1);
    assertThat(agg.watermarkMs()).isEqualTo(T0 + 5000);
  }

  @Test
  void appendModeEmitsEachWindowOnceAfterTheWatermarkPassesItsEnd() {
    WindowedAggregator agg = aggregator(OutputMode.APPEND);

    agg.add(at(0.5, UP));
    agg.add(at(1.0, UP));
    agg.add(at(3.0, HEART));
    assertThat(agg.endBatch()).isEmpty();
    agg.add(at(1.5, UP));
    agg.add(at(7.0, FIRE));
    assertThat(agg.endBatch()).isEmpty(); // W[1] = 1 s closes nothing
    agg.add(at(1.9, UP));
    agg.add(at(3.5, HEART));
    assertThat(agg.endBatch()).containsExactly(count(0, UP, 4, true), count(2, HEART, 2, true));
    agg.add(at(3.9, HEART));
    agg.add(at(5.0, FIRE));
    assertThat(agg.endBatch()).isEmpty();
    assertThat(agg.lateRecords()).isEqualTo(1);
    assertThat(agg.snapshot()).containsExactly(count(4, FIRE, 1, false), count(6, FIRE, 1, false));
  }

  @Test
  void noDataBatchEmitsWhatTheAdvancedWatermarkClosed() {
    WindowedAggregator agg = aggregator(OutputMode.APPEND);
    agg.add(at(0.5, UP));
    agg.add(at(2.5, UP));
    assertThat(agg.endBatch()).isEmpty();
    assertThat(agg.needsNoDataBatch()).isTrue(); // none -> 0.5 s
    assertThat(agg.endBatch()).isEmpty(); // W = 0.5 s closes nothing
    assertThat(agg.needsNoDataBatch()).isFalse();

    agg.add(at(10.0, FIRE));
    assertThat(agg.endBatch()).isEmpty(); // this batch still runs with W = 0.5 s
    assertThat(agg.watermarkMs()).isEqualTo(T0 + 8000);
    assertThat(agg.needsNoDataBatch()).isTrue();

    assertThat(agg.endBatch()).containsExactly(count(0, UP, 1, true), count(2, UP, 1, true));
    assertThat(agg.needsNoDataBatch()).isFalse();
    assertThat(agg.endBatch()).isEmpty();
    assertThat(agg.stateSize()).isEqualTo(1);
  }

  @Test
  void afterANoDataBatchLatenessUsesTheAdvancedWatermark() {
    WindowedAggregator agg = aggregator(OutputMode.UPDATE);
    agg.add(at(10.0, UP));
    agg.endBatch(); // W = 8 s
    agg.endBatch(); // no-data batch: evicts, the late threshold catches up

    assertThat(agg.lateThresholdMs()).isEqualTo(T0 + 8000);
    assertThat(agg.add(at(5.9, UP))).isFalse(); // window [4, 6) ends at 6 <= 8
    assertThat(agg.add(at(6.0, UP))).isFalse(); // window [6, 8) ends at 8 <= 8
    assertThat(agg.add(at(8.5, UP))).isTrue(); // window [8, 10) ends at 10 > 8
  }

  @Test
  void recordExactlyAtTheWatermarkBoundaryIsLateOnlyWhenItsWindowEndIsAtOrBeforeIt() {
    WindowedAggregator agg = aggregator(OutputMode.UPDATE);
    agg.add(at(10.0, UP));
    agg.endBatch();
    agg.endBatch(); // late threshold now 8 s

    assertThat(agg.add(at(7.999, UP))).isFalse(); // window [6, 8): end 8 <= 8
    assertThat(agg.add(at(8.0, UP))).isTrue(); // window [8, 10): end 10 > 8
    assertThat(agg.endBatch()).containsExactly(count(8, UP, 1, false));
  }

  @Test
  void lateRecordsStillAdvanceTheWatermark() {
    WindowedAggregator agg = aggregator(OutputMode.UPDATE);
    agg.add(at(10.0, UP));
    agg.endBatch();
    agg.endBatch(); // late threshold 8 s

    assertThat(agg.add(at(1.0, UP))).isFalse();
    agg.endBatch();
    assertThat(agg.watermarkMs()).isEqualTo(T0 + 8000); // max(8, 1 - 2) = 8

    WindowedAggregator fresh = aggregator(OutputMode.UPDATE);
    fresh.add(at(10.0, UP));
    fresh.endBatch();
    fresh.endBatch();
    fresh.add(at(1.0, UP)); // late
    fresh.add(at(30.0, UP));
    fresh.endBatch();
    assertThat(fresh.watermarkMs()).isEqualTo(T0 + 28_000);
  }

  @Test
  void nothingIsLateInTheFirstTwoBatchesAndTheWatermarkStartsAsNone() {
    WindowedAggregator agg = aggregator(OutputMode.UPDATE);
    assertThat(agg.watermarkMs()).isEqualTo(WindowedAggregator.NO_WATERMARK);

    agg.add(at(100.0, UP));
    agg.endBatch();
    assertThat(agg.add(at(0.0, UP))).isTrue(); // W[0] = none decides lateness in batch 1
    assertThat(agg.endBatch()).containsExactly(count(0, UP, 1, false));
    assertThat(agg.stateSize()).isEqualTo(1); // [0, 2) evicted with W[1] = 98 s; [100, 102) stays
  }

  @Test
  void keysAreRoomWindowAndEmojiAndOutputIsSorted() {
    WindowedAggregator agg = aggregator(OutputMode.UPDATE);
    long t = T0 + 100;
    agg.add(new Reaction("b", "u1", HEART, Instant.ofEpochMilli(t)));
    agg.add(new Reaction("a", "u1", UP, Instant.ofEpochMilli(t + 2000)));
    agg.add(new Reaction("a", "u2", UP, Instant.ofEpochMilli(t)));
    agg.add(new Reaction("a", "u3", HEART, Instant.ofEpochMilli(t)));
    agg.add(new Reaction("a", "u4", UP, Instant.ofEpochMilli(t + 1)));

    List<WindowedCount> out = agg.endBatch();

    assertThat(out).extracting(c -> c.room() + " " + (c.window().startMs() - T0) + " " + c.emoji() + " " + c.reactionCount())
        .containsExactly("a 0 ❤️ 1", "a 0 👍 2", "a 2000 👍 1", "b 0 ❤️ 1");
  }

  @Test
  void heartWithAndWithoutVariationSelectorCountUnderOneKey() {
    ReactionParser parser = ReactionParser.create();
    WindowedAggregator agg = aggregator(OutputMode.UPDATE);
    for (String heart : new String[] {"\u2764", "\u2764\uFE0F", "\\u2764\\ufe0f"}) {
      byte[] json = ("{\"user_id\":\"u\",\"emoji_type\":\"" + heart + "\",\"timestamp\":" + T0 + "}")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      agg.add(((ParseResult.Valid) parser.parse(json)).reaction());
    }

    assertThat(agg.endBatch()).containsExactly(count(0, HEART, 3, false));
  }

  @Test
  void scaledReactionsComeFromTheConfiguredPolicy() {
    WindowedAggregator agg = WindowedAggregator.create(WindowedAggregator.Config.builder()
        .window(TumblingWindows.of(Duration.ofSeconds(2))).lateness(Duration.ofSeconds(2)).outputMode(OutputMode.UPDATE)
        .scaling(ScalingPolicy.parse("per-1000")).build());
    for (int i = 0; i < 3785; i++) {
      agg.add(at(0.001 * (i % 1000), UP));
    }

    assertThat(agg.endBatch()).singleElement().satisfies(c -> {
      assertThat(c.reactionCount()).isEqualTo(3785);
      assertThat(c.scaledReactions()).isEqualTo(3);
    });
  }
}
