package io.emojireactions.apps.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventHubTest {

  private static WindowedCount wc(String room, long startMs, String emoji, long n) {
    return new WindowedCount(room, new TimeWindow(startMs, startMs + 2000), emoji, n, n, false);
  }

  @Test
  void repeatedUpdatesAreMaxMergedAndOnlyChangesBecomeEvents() {
    EventHub hub = new EventHub(100, 120_000);
    hub.accept(wc("global", 0, "😂", 5));
    hub.accept(wc("global", 0, "😂", 3));
    hub.accept(wc("global", 0, "😂", 5));
    hub.accept(wc("global", 0, "😂", 7));
    assertThat(hub.lastEventId()).isEqualTo(2);
    assertThat(hub.snapshot()).containsExactly(wc("global", 0, "😂", 7));
  }

  @Test
  void aReconnectGetsExactlyTheEventsAfterItsLastIdOrTheWholeStateWhenTheyLeftTheRing() {
    EventHub hub = new EventHub(3, 120_000);
    hub.accept(wc("global", 0, "😂", 1)); // 1
    hub.accept(wc("global", 0, "🔥", 1)); // 2
    hub.accept(wc("global", 0, "😂", 2)); // 3
    assertThat(hub.replayAfter(1)).extracting(EventHub.Event::id).containsExactly(2L, 3L);
    assertThat(hub.replayAfter(3)).isEmpty();
    assertThat(hub.replayAfter(-1)).extracting(EventHub.Event::id).as("one event per key, latest").containsExactly(2L, 3L);

    hub.accept(wc("global", 0, "🔥", 2)); // 4: the ring now holds 2..4
    hub.accept(wc("global", 0, "👍", 1)); // 5: 3..5
    assertThat(hub.replayAfter(2)).extracting(EventHub.Event::id).containsExactly(3L, 4L, 5L);
    assertThat(hub.replayAfter(1)).as("event 2 left the ring: the whole state").extracting(EventHub.Event::id).containsExactly(3L, 4L, 5L);
    assertThat(hub.replayAfter(99)).as("an id from another server run").hasSize(3);
  }

  @Test
  void windowsFarBehindTheNewestAreDroppedAndBadMessagesCounted() {
    EventHub hub = new EventHub(100, 10_000);
    hub.accept(wc("global", 0, "😂", 1));
    hub.accept(wc("global", 20_000, "😂", 1));
    hub.accept(wc("global", 2_000, "😂", 9));
    assertThat(hub.snapshot()).containsExactly(wc("global", 20_000, "😂", 1));
    hub.accept("{\"not\":\"a count\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(hub.badMessages()).isEqualTo(1);
  }
}
