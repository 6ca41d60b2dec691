package io.emojireactions.apps.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.simulate.ReactionGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SpikeDetectorTest {

  private static final SentimentLexicon LEXICON = SentimentLexicon.emojiSentimentRanking();
  private static final Instant START = Instant.parse("2025-10-29T22:30:00Z");
  static final long SIZE = 2000;
  static final long T0 = START.toEpochMilli();

  private static TreeMap<Long, Map<String, Map<String, Long>>> steady;

  /**
   * Ten minutes of steady Zipf traffic in two rooms, 500 reactions/s: counts per window, room,
   * emoji. Generated once per JVM; each caller gets its own copy to add bursts to.
   */
  static synchronized TreeMap<Long, Map<String, Map<String, Long>>> steadyTraffic() {
    if (steady == null) {
      ReactionGenerator generator = ReactionGenerator.builder()
          .seed(11).count(300_000).rooms(List.of("a", "b")).start(START).span(Duration.ofMinutes(10)).build();
      GroundTruth truth = generator.groundTruth(Duration.ofMillis(SIZE));
      steady = new TreeMap<>();
      truth.counts().forEach((k, n) -> steady.computeIfAbsent(k.windowStartMs(), w -> new TreeMap<>())
          .computeIfAbsent(k.room(), r -> new TreeMap<>()).put(k.emoji(), n));
    }
    TreeMap<Long, Map<String, Map<String, Long>>> copy = new TreeMap<>();
    steady.forEach((w, rooms) -> {
      Map<String, Map<String, Long>> roomsCopy = new TreeMap<>();
      rooms.forEach((room, counts) -> roomsCopy.put(room, new TreeMap<>(counts)));
      copy.put(w, roomsCopy);
    });
    return copy;
  }

  /**
   * The messages update mode publishes: while window i fills, a partial count of it (half) and
   * the full count of window i-1; so each key appears twice and windows overlap in time.
   */
  static List<WindowedCount> updateModeStream(TreeMap<Long, Map<String, Map<String, Long>>> windows) {
    List<WindowedCount> out = new ArrayList<>();
    Long previous = null;
    for (Map.Entry<Long, Map<String, Map<String, Long>>> w : windows.entrySet()) {
      emit(out, w.getKey(), w.getValue(), true);
      if (previous != null) {
        emit(out, previous, windows.get(previous), false);
      }
      previous = w.getKey();
    }
    emit(out, previous, windows.get(previous), false);
    return out;
  }

  private static void emit(List<WindowedCount> out, long start, Map<String, Map<String, Long>> rooms, boolean partial) {
    rooms.forEach((room, counts) -> counts.forEach((emoji, n) -> {
      long value = partial ? (n + 1) / 2 : n;
      out.add(new WindowedCount(room, new TimeWindow(start, start + SIZE), emoji, value, 1, false));
    }));
  }

  static void add(TreeMap<Long, Map<String, Map<String, Long>>> windows, long start, String room, String emoji, long extra) {
    windows.computeIfAbsent(start, w -> new TreeMap<>()).computeIfAbsent(room, r -> new TreeMap<>()).merge(emoji, extra, Long::sum);
  }

  private static List<Alert> feed(SpikeDetector detector, List<WindowedCount> stream) {
    List<Alert> alerts = new ArrayList<>();
    stream.forEach(c -> alerts.addAll(detector.accept(c)));
    return alerts;
  }

  @Test
  void steadyZipfTrafficRaisesNoAlertOverTenMinutes() {
    TreeMap<Long, Map<String, Map<String, Long>>> windows = steadyTraffic();
    assertThat(windows).hasSize(300);
    SpikeDetector detector = new SpikeDetector(AlertRules.defaults(), LEXICON);

    assertThat(feed(detector, updateModeStream(windows))).isEmpty();
    assertThat(detector.lateMessages()).isZero();
    // Margin: even z >= 4 stays quiet on the square-root scale (raw-count z-scores reached 4.55 here).
    assertThat(feed(new SpikeDetector(AlertRules.builder().zThreshold(4.0).build(), LEXICON), updateModeStream(windows))).isEmpty();
  }

  @Test
  void burstIsAlertedWithinTwoWindowsWithItsEvidence() {
    TreeMap<Long, Map<String, Map<String, Long>>> windows = steadyTraffic();
    long burst = T0 + 150 * SIZE; // minute 5
    long usual = windows.get(burst).get("a").getOrDefault("🔥", 0L);
    add(windows, burst, "a", "🔥", 300);
    SpikeDetector detector = new SpikeDetector(AlertRules.defaults(), LEXICON);

    List<Alert> alerts = new ArrayList<>();
    long alertedAtWindow = -1;
    for (WindowedCount c : updateModeStream(windows)) {
      List<Alert> raised = detector.accept(c);
      if (!raised.isEmpty() && alertedAtWindow < 0) {
        alertedAtWindow = c.window().startMs();
      }
      alerts.addAll(raised);
    }

    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(Alert.Kind.SPIKE);
      assertThat(a.id()).isEqualTo("spike|a|🔥|2025-10-29T22:35:00Z");
      assertThat((long) a.value()).isEqualTo(usual + 300);
      assertThat(a.baseline()).isLessThan(usual + 10.0);
      assertThat(a.z()).isGreaterThanOrEqualTo(5.0);
      assertThat(a.toJson()).startsWith("{\"id\":\"spike|a|🔥|2025-10-29T22:35:00Z\",\"kind\":\"spike\",\"room\":\"a\",\"emoji\":\"🔥\","
          + "\"window_start\":\"2025-10-29T22:35:00Z\",\"window_end\":\"2025-10-29T22:35:02Z\",\"count\":" + (usual + 300) + ",\"baseline\":");
    });
    // Raised by the first message of window burst+2: the burst window plus the 2 s grace.
    assertThat(alertedAtWindow).isEqualTo(burst + 2 * SIZE);
  }

  @Test
  void aBurstOverSeveralWindowsIsOneEpisodeAndALaterOneAfterTheCooldownIsAnother() {
    TreeMap<Long, Map<String, Map<String, Long>>> windows = steadyTraffic();
    for (int i = 0; i < 4; i++) {
      add(windows, T0 + (100 + i) * SIZE, "b", "🎉", 400); // 8 s burst
    }
    add(windows, T0 + 150 * SIZE, "b", "🎉", 400); // 92 s later, past the 30 s cool-down
    List<Alert> alerts = feed(new SpikeDetector(AlertRules.defaults(), LEXICON), updateModeStream(windows));

    assertThat(alerts).extracting(Alert::id)
        .containsExactly("spike|b|🎉|2025-10-29T22:33:20Z", "spike|b|🎉|2025-10-29T22:35:00Z");
  }

  @Test
  void replayRaisesNoDuplicateAlertsAndAFreshDetectorGivesTheSameIds() {
    TreeMap<Long, Map<String, Map<String, Long>>> windows = steadyTraffic();
    add(windows, T0 + 120 * SIZE, "a", "😭", 500);
    List<WindowedCount> stream = updateModeStream(windows);
    SpikeDetector detector = new SpikeDetector(AlertRules.defaults(), LEXICON);
    List<Alert> first = feed(detector, stream);
    assertThat(first).isNotEmpty();

    // The same messages again (a subscriber re-reading after a crash): all windows are closed.
    assertThat(feed(detector, stream)).isEmpty();
    assertThat(detector.lateMessages()).isEqualTo(stream.size() - countOfOpenWindowMessages(stream));

    // A restarted detector rebuilds the same alerts from the same data, with the same ids ...
    assertThat(feed(new SpikeDetector(AlertRules.defaults(), LEXICON), stream)).isEqualTo(first);
    // ... and raises none of them again once told they were published.
    SpikeDetector restarted = new SpikeDetector(AlertRules.defaults(), LEXICON);
    first.forEach(a -> restarted.markAlerted(a.id()));
    assertThat(feed(restarted, stream)).isEmpty();
  }

  /** Messages of the last two windows stay open (no later event time closes them), so a replay re-merges them silently. */
  private static long countOfOpenWindowMessages(List<WindowedCount> stream) {
    long last = stream.stream().mapToLong(c -> c.window().startMs()).max().orElseThrow();
    return stream.stream().filter(c -> c.window().startMs() > last - 2 * SIZE).count();
  }

  @Test
  void sentimentSwingOfARoomIsAlerted() {
    SpikeDetector detector = new SpikeDetector(AlertRules.defaults(), LEXICON);
    List<WindowedCount> stream = new ArrayList<>();
    for (int w = 0; w < 40; w++) {
      Map<String, Long> counts = new HashMap<>(Map.of("😂", 100L + w % 3, "❤️", 100L - w % 2, "😭", 10L));
      if (w == 30) {
        counts = Map.of("😂", 100L, "❤️", 20L, "😭", 150L, "😡", 120L); // the mood turns
      }
      long start = T0 + w * SIZE;
      counts.forEach((e, n) -> stream.add(new WindowedCount("r", new TimeWindow(start, start + SIZE), e, n, 1, false)));
    }
    List<Alert> alerts = feed(detector, stream);

    assertThat(alerts).filteredOn(a -> a.kind() == Alert.Kind.SENTIMENT_SWING).singleElement().satisfies(a -> {
      assertThat(a.id()).isEqualTo("sentiment_swing|r||2025-10-29T22:31:00Z");
      assertThat(a.value()).isLessThan(a.baseline() - 0.3);
      assertThat(a.toJson()).contains("\"kind\":\"sentiment_swing\"").contains("\"sentiment\":").doesNotContain("\"emoji\"");
    });
  }
}
