package io.emojireactions.apps.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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

  @Test
  void sentimentPerRoomAndWindowIsCoresWindowSentimentOfTheMergedCounts() {
    SentimentLexicon lexicon = SentimentLexicon.of(Map.of("😂", 0.5, "😭", -0.8));
    EventHub hub = new EventHub(100, 10_000, lexicon);
    hub.accept(wc("a", 0, "😂", 4));
    hub.accept(wc("a", 0, "😭", 1));
    hub.accept(wc("a", 0, "😂", 6)); // replaces 4
    hub.accept(wc("a", 0, "😂", 5)); // an older update: no change
    hub.accept(wc("a", 0, "🦄", 3)); // unscored
    hub.accept(wc("b", 0, "😭", 2));
    assertThat(hub.sentiments()).containsExactlyInAnyOrderElementsOf(lexicon.sentiment(List.of(
        wc("a", 0, "😂", 6), wc("a", 0, "😭", 1), wc("a", 0, "🦄", 3), wc("b", 0, "😭", 2))));
    var a = hub.sentiments().stream().filter(s -> s.room().equals("a")).findFirst().orElseThrow();
    assertThat(a.sentiment().getAsDouble()).isEqualTo((6 * 0.5 + 1 * -0.8) / 7);
    assertThat(a.unscoredShare()).isEqualTo(0.3);

    hub.accept(wc("a", 20_000, "😂", 1)); // window 0 falls out of the 10 s kept
    assertThat(hub.sentiments()).extracting(s -> s.room() + "@" + s.window().startMs()).containsExactly("a@20000");
  }

  @Test
  void alertsAreKeptOncePerIdAndOtherMessagesCounted() {
    EventHub hub = new EventHub(100, 10_000);
    String spike = "{\"id\":\"spike|a|🔥|1970-01-01T00:00:00Z\",\"kind\":\"spike\",\"count\":40}";
    hub.acceptAlert(spike.getBytes(StandardCharsets.UTF_8));
    hub.acceptAlert(spike.getBytes(StandardCharsets.UTF_8));
    hub.acceptAlert("[1]".getBytes(StandardCharsets.UTF_8));
    hub.acceptAlert("{\"id\":7}".getBytes(StandardCharsets.UTF_8));
    hub.acceptAlert("{not json".getBytes(StandardCharsets.UTF_8));
    assertThat(hub.recentAlerts()).containsExactly(spike);
    assertThat(hub.badAlerts()).isEqualTo(3);
    for (int i = 0; i < EventHub.RECENT_ALERTS + 5; i++) {
      hub.acceptAlert(("{\"id\":\"x" + i + "\"}").getBytes(StandardCharsets.UTF_8));
    }
    assertThat(hub.recentAlerts()).hasSize(EventHub.RECENT_ALERTS).first().isEqualTo("{\"id\":\"x5\"}");
  }
}
