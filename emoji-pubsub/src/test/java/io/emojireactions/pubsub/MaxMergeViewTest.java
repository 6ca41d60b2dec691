package io.emojireactions.pubsub;

import static io.emojireactions.pubsub.Counts.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.WindowedCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MaxMergeViewTest {

  @Test
  void repeatedUpdatesFoldIntoTheLargestCountPerKey() {
    MaxMergeView view = new MaxMergeView();
    view.merge(count("global", 0, "❤️", 3));
    view.merge(count("global", 0, "❤️", 7));
    view.merge(count("global", 0, "❤️", 5)); // late repeat of an older update
    view.merge(count("global", 1, "❤️", 2)); // another window
    view.merge(count("lobby", 0, "❤️", 1)); // another room
    assertThat(view.size()).isEqualTo(3);
    assertThat(view.get(count("global", 0, "❤️", 1).key()).orElseThrow().reactionCount()).isEqualTo(7);
    assertThat(view.snapshot()).extracting(WindowedCount::room, WindowedCount::reactionCount)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("global", 7L), org.assertj.core.groups.Tuple.tuple("global", 2L),
            org.assertj.core.groups.Tuple.tuple("lobby", 1L));
  }

  @Test
  void aFinalMessageWinsATie() {
    MaxMergeView view = new MaxMergeView();
    WindowedCount open = count("👍", 4);
    WindowedCount closed = new WindowedCount(open.room(), open.window(), open.emoji(), 4, 4, true);
    view.merge(closed);
    assertThat(view.merge(open).isFinal()).isTrue();
  }

  @Test
  void evictionDropsOnlyWindowsThatEnded() {
    MaxMergeView view = new MaxMergeView();
    view.merge(count("global", 0, "🔥", 1));
    view.merge(count("global", 1, "🔥", 1));
    int evicted = view.evictWindowsEndingBefore(Instant.ofEpochMilli(Counts.T0 + 2000));
    assertThat(evicted).isEqualTo(1);
    assertThat(view.snapshot()).singleElement().extracting(c -> c.window().startMs()).isEqualTo(Counts.T0 + 2000);
  }

  @Property(tries = 50)
  void anyOrderWithAnyRepeatsGivesTheExactFinalCounts(
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 500) Integer> finals, @ForAll long seed) {
    // Each key's updates grow 1..final; deliver them shuffled, each possibly twice (at-least-once).
    List<WindowedCount> messages = new ArrayList<>();
    Random random = new Random(seed);
    for (int k = 0; k < finals.size(); k++) {
      for (long n = 1; n <= finals.get(k); n += 1 + random.nextInt(50)) {
        messages.add(count("room" + (k % 3), k, "😂", n));
        if (random.nextBoolean()) {
          messages.add(count("room" + (k % 3), k, "😂", n));
        }
      }
      messages.add(count("room" + (k % 3), k, "😂", finals.get(k)));
    }
    Collections.shuffle(messages, random);
    MaxMergeView view = new MaxMergeView();
    messages.forEach(view::merge);
    assertThat(view.size()).isEqualTo(finals.size());
    for (int k = 0; k < finals.size(); k++) {
      assertThat(view.get(count("room" + (k % 3), k, "😂", 1).key()).orElseThrow().reactionCount()).isEqualTo((long) finals.get(k));
    }
  }
}
