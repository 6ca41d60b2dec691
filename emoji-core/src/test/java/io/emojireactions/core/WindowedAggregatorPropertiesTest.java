package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Seeded invariants of the aggregator over random batch sequences with out-of-order data. */
class WindowedAggregatorPropertiesTest {

  private static final long T0 = Instant.parse("2025-10-29T22:31:00Z").toEpochMilli();
  private static final String[] EMOJIS = {"👍", "❤️", "🔥"};
  private static final String[] ROOMS = {"global", "match-7"};

  record Event(long offsetMs, int emoji, int room, boolean valid) {
    Reaction reaction() {
      return new Reaction(ROOMS[room], "u", EMOJIS[emoji], Instant.ofEpochMilli(T0 + offsetMs));
    }

    byte[] json() {
      String emojiText = valid ? EMOJIS[emoji] : "not-an-emoji";
      return ("{\"user_id\":\"u\",\"emoji_type\":\"" + emojiText + "\",\"timestamp\":" + (T0 + offsetMs)
              + ",\"room\":\"" + ROOMS[room] + "\"}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  @Provide
  Arbitrary<List<List<Event>>> batches() {
    // Event times drift forward with batches but jump back up to 20 s, so late data is common.
    Arbitrary<Event> event = Combinators.combine(
            Arbitraries.longs().between(0, 60_000),
            Arbitraries.integers().between(0, EMOJIS.length - 1),
            Arbitraries.integers().between(0, ROOMS.length - 1),
            Arbitraries.integers().between(0, 9).map(i -> i != 0))
        .as(Event::new);
    return event.list().ofMaxSize(40).list().ofMaxSize(12);
  }

  private static WindowedAggregator aggregator(OutputMode mode, long windowMs, long latenessMs) {
    return WindowedAggregator.create(WindowedAggregator.Config.builder()
        .window(TumblingWindows.of(Duration.ofMillis(windowMs))).lateness(Duration.ofMillis(latenessMs)).outputMode(mode).build());
  }

  @Property(tries = 300, seed = "101")
  void countsConserveInputMinusInvalidMinusLate(@ForAll("batches") List<List<Event>> batches) {
    ReactionParser parser = ReactionParser.create();
    WindowedAggregator agg = aggregator(OutputMode.UPDATE, 2000, 2000);
    Map<WindowedCount.Key, Long> latest = new HashMap<>();
    long total = 0;
    long invalid = 0;
    long late = 0;
    for (List<Event> batch : batches) {
      for (Event e : batch) {
        total++;
        ParseResult r = parser.parse(e.json());
        if (r instanceof ParseResult.Valid v) {
          if (!agg.add(v.reaction())) {
            late++;
          }
        } else {
          assertThat(((ParseResult.Rejected) r).reason()).isEqualTo(RejectReason.NOT_AN_EMOJI);
          invalid++;
        }
      }
      for (WindowedCount c : agg.endBatch()) {
        latest.merge(c.key(), c.reactionCount(), Math::max);
      }
    }

    long counted = latest.values().stream().mapToLong(Long::longValue).sum();
    assertThat(counted).isEqualTo(total - invalid - late);
    assertThat(agg.lateRecords()).isEqualTo(late);
    // the property must not hold vacuously: most runs have late and invalid records
    Statistics.label("has late records").collect(late > 0);
    Statistics.label("has late records").coverage(c -> c.check(true).percentage(p -> p >= 40));
    Statistics.label("has invalid records").collect(invalid > 0);
    Statistics.label("has invalid records").coverage(c -> c.check(true).percentage(p -> p >= 40));
  }

  @Property(tries = 300, seed = "102")
  void updateModeCountsPerKeyNeverDecreaseAndEachBatchEmitsAKeyOnce(@ForAll("batches") List<List<Event>> batches) {
    WindowedAggregator agg = aggregator(OutputMode.UPDATE, 2000, 1000);
    Map<WindowedCount.Key, Long> last = new HashMap<>();
    for (List<Event> batch : batches) {
      batch.forEach(e -> agg.add(e.reaction()));
      List<WindowedCount> out = agg.endBatch();
      assertThat(out).extracting(WindowedCount::key).doesNotHaveDuplicates();
      for (WindowedCount c : out) {
        assertThat(c.isFinal()).isFalse();
        Long before = last.put(c.key(), c.reactionCount());
        if (before != null) {
          assertThat(c.reactionCount()).isGreaterThan(before);
        }
      }
    }
  }

  @Property(tries = 300, seed = "103")
  void appendEmitsEachKeyAtMostOnceWithTheSameFinalCountAsUpdateMode(@ForAll("batches") List<List<Event>> batches) {
    WindowedAggregator update = aggregator(OutputMode.UPDATE, 2000, 2000);
    WindowedAggregator append = aggregator(OutputMode.APPEND, 2000, 2000);
    Map<WindowedCount.Key, Long> updateMax = new HashMap<>();
    Map<WindowedCount.Key, Long> appended = new HashMap<>();
    Set<WindowedCount.Key> seen = new HashSet<>();
    long accepted = 0;
    for (List<Event> batch : batches) {
      for (Event e : batch) {
        boolean a = append.add(e.reaction());
        boolean u = update.add(e.reaction());
        assertThat(a).isEqualTo(u); // lateness does not depend on the output mode
        accepted += a ? 1 : 0;
      }
      update.endBatch().forEach(c -> updateMax.merge(c.key(), c.reactionCount(), Math::max));
      for (WindowedCount c : append.endBatch()) {
        assertThat(c.isFinal()).isTrue();
        assertThat(seen.add(c.key())).as("emitted twice: %s", c).isTrue();
        appended.put(c.key(), c.reactionCount());
      }
    }
    // flush: a far-future record in another room moves the watermark past every window
    append.add(new Reaction("zz-flush", "u", "👍", Instant.ofEpochMilli(T0 + 10_000_000)));
    append.endBatch().forEach(c -> appended.put(c.key(), c.reactionCount()));
    append.endBatch().forEach(c -> appended.put(c.key(), c.reactionCount()));

    assertThat(appended).isEqualTo(updateMax);
    assertThat(appended.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(accepted);
    assertThat(append.stateSize()).isEqualTo(1); // only the flush record's window
  }

  @Property(tries = 200, seed = "104")
  void stateHoldsNoWindowAtOrBeforeTheWatermarkUsedForEviction(@ForAll("batches") List<List<Event>> batches) {
    WindowedAggregator agg = aggregator(OutputMode.UPDATE, 2000, 2000);
    for (List<Event> batch : batches) {
      batch.forEach(e -> agg.add(e.reaction()));
      long evictionWatermark = agg.watermarkMs();
      agg.endBatch();
      assertThat(agg.snapshot()).allSatisfy(c -> assertThat(c.window().endMs()).isGreaterThan(evictionWatermark));
      assertThat(agg.lateThresholdMs()).isEqualTo(evictionWatermark);
    }
  }
}
