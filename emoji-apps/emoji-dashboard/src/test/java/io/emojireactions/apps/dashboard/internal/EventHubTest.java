package io.emojireactions.apps.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.internal.RoomCap;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.core.WindowedCountJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<WindowedCount> counts(EventHub.Message m) throws Exception {
    List<WindowedCount> out = new ArrayList<>();
    for (JsonNode c : JSON.readTree(m.data()).get("counts")) {
      out.add(WindowedCountJson.fromJson(c.toString()));
    }
    return out;
  }

  private static List<String> sentimentRooms(EventHub.Message m) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode s : JSON.readTree(m.data()).get("sentiments")) {
      out.add(s.get("room").asText() + "@" + s.get("window_start").asText() + "=" + s.get("reactions").asLong());
    }
    return out;
  }

  @Test
  void aBatchIsMergedAsOneMessageCountingEveryChangeAndListingEachKeyOnce() throws Exception {
    EventHub hub = new EventHub(100, 120_000, SentimentLexicon.emojiSentimentRanking(), RoomCap.of(1_000), "e1");
    hub.acceptCounts(List.of(wc("a", 0, "😂", 1), wc("a", 0, "😂", 3), wc("a", 0, "😂", 2), wc("b", 0, "🔥", 4)));
    assertThat(hub.lastEventId()).as("two changes of 😂, one of 🔥; the 2 changed nothing").isEqualTo(3);
    assertThat(hub.messagesSent()).as("one message per batch").isEqualTo(1);
    hub.acceptCounts(List.of(wc("a", 0, "😂", 3), wc("b", 0, "🔥", 1)));
    assertThat(hub.messagesSent()).as("a batch that changed nothing sends nothing").isEqualTo(1);

    hub.accept(List.of(WindowedCountJson.toJson(wc("a", 0, "👍", 2)), "nope".getBytes(StandardCharsets.UTF_8),
        WindowedCountJson.toJson(wc("a", 0, "😂", 9)), WindowedCountJson.toJson(wc("a", 0, "👍", 5))));
    assertThat(hub.badMessages()).isEqualTo(1);
    assertThat(hub.lastEventId()).isEqualTo(6);
    assertThat(hub.messagesSent()).isEqualTo(2);

    // A browser that saw the first batch (id 3) resumes with one message: each key once, latest value.
    List<EventHub.Message> resume = hub.replayMessages(3);
    assertThat(resume).hasSize(1);
    assertThat(resume.get(0).id()).isEqualTo("e1-6");
    assertThat(counts(resume.get(0))).containsExactly(wc("a", 0, "😂", 9), wc("a", 0, "👍", 5));
    assertThat(sentimentRooms(resume.get(0))).as("every held window's sentiment, once")
        .containsExactlyInAnyOrder("a@1970-01-01T00:00:00Z=14", "b@1970-01-01T00:00:00Z=4");

    // Nothing missed: no counts, no id (Last-Event-ID stays), still the sentiments.
    List<EventHub.Message> upToDate = hub.replayMessages(6);
    assertThat(upToDate).hasSize(1);
    assertThat(upToDate.get(0).id()).isNull();
    assertThat(counts(upToDate.get(0))).isEmpty();
    assertThat(sentimentRooms(upToDate.get(0))).hasSize(2);
  }

  @Test
  void eventIdsCarryTheEpochAndAnIdOfAnotherEpochMeansEverything() {
    EventHub hub = new EventHub(100, 120_000, SentimentLexicon.emojiSentimentRanking(), RoomCap.of(1_000), "abc1");
    assertThat(hub.parseId("abc1-42")).isEqualTo(42);
    assertThat(hub.parseId(" abc1-7 ")).isEqualTo(7);
    assertThat(hub.parseId("zz9-42")).as("another process's id").isEqualTo(-1);
    assertThat(hub.parseId("42")).as("an id without epoch").isEqualTo(-1);
    assertThat(hub.parseId("abc1-x")).isEqualTo(-1);
    assertThat(hub.parseId(null)).isEqualTo(-1);
    assertThat(new EventHub(1, 1).epoch()).as("a random epoch per hub").isNotEqualTo(new EventHub(1, 1).epoch());
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new EventHub(1, 1, SentimentLexicon.emojiSentimentRanking(), RoomCap.of(1), "a-b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("epoch must be letters and digits, but was a-b");
  }

  @Test
  void aLargeReplayComesInChunksEachWithTheIdOfItsLastChange() throws Exception {
    EventHub hub = new EventHub(10_000, 120_000, SentimentLexicon.emojiSentimentRanking(), RoomCap.of(1_000), "e1");
    List<WindowedCount> batch = new ArrayList<>();
    for (int i = 0; i < 2 * EventHub.REPLAY_CHUNK + 500; i++) {
      batch.add(wc("r" + (i % 3), 0, "e" + i, 1));
    }
    hub.acceptCounts(batch);
    List<EventHub.Message> fresh = hub.replayMessages(-1);
    assertThat(fresh).extracting(EventHub.Message::id).containsExactly("e1-1000", "e1-2000", "e1-2500");
    List<WindowedCount> all = new ArrayList<>();
    for (EventHub.Message m : fresh) {
      all.addAll(counts(m));
    }
    assertThat(all).isEqualTo(batch);
    assertThat(sentimentRooms(fresh.get(0))).isEmpty();
    assertThat(sentimentRooms(fresh.get(2))).as("the sentiments ride on the last chunk").hasSize(3);
    // A browser cut off after the first chunk resumes with exactly the other two.
    assertThat(hub.replayMessages(1000)).extracting(EventHub.Message::id).containsExactly("e1-2000", "e1-2500");
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
