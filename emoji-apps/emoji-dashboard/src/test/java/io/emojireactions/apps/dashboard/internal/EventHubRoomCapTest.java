package io.emojireactions.apps.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.internal.RoomCap;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's bound on rooms: 10,000 distinct rooms in one window become exactly the first
 * 1,000 rooms plus the overflow room, whose count is the exact sum of the others, in the state,
 * in what a connecting browser gets, and in every message sent.
 */
class EventHubRoomCapTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] EMOJIS = {"😂", "🔥"};

  private static WindowedCount wc(String room, long startMs, String emoji, long n) {
    return new WindowedCount(room, new TimeWindow(startMs, startMs + 2000), emoji, n, n, false);
  }

  @Test
  void tenThousandRoomsInOneWindowAreTheFirstThousandPlusOneOverflowRoomWithTheExactSum() throws Exception {
    EventHub hub = new EventHub(50_000, 120_000, SentimentLexicon.emojiSentimentRanking(), RoomCap.of(1_000));
    // Update mode, at least once: per (room, emoji) a partial count, the full count and a repeat.
    List<WindowedCount> messages = new ArrayList<>();
    Map<String, Long> full = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      for (int e = 0; e < EMOJIS.length; e++) {
        long n = 1 + (i * 7L + e * 3L) % 11;
        full.put("room-" + i + "\0" + EMOJIS[e], n);
        messages.add(wc("room-" + i, 0, EMOJIS[e], n));
        messages.add(wc("room-" + i, 0, EMOJIS[e], n));
        messages.add(wc("room-" + i, 0, EMOJIS[e], Math.max(1, n / 2)));
      }
    }
    Collections.shuffle(messages, new Random(7));
    Set<String> shownRooms = new LinkedHashSet<>();
    for (WindowedCount m : messages) {
      if (shownRooms.size() < 1_000) {
        shownRooms.add(m.room()); // the rule: the window's first 1000 distinct rooms are shown
      }
    }
    // Through the message path, in batches as the fan-out thread takes them.
    for (int from = 0; from < messages.size(); from += 5_000) {
      hub.accept(messages.subList(from, Math.min(messages.size(), from + 5_000)).stream()
          .map(WindowedCountJson::toJson).toList());
    }

    Map<String, Long> expected = new HashMap<>();
    full.forEach((key, n) -> {
      String room = key.substring(0, key.indexOf('\0'));
      String emoji = key.substring(key.indexOf('\0') + 1);
      expected.merge((shownRooms.contains(room) ? room : RoomCap.OVERFLOW_ROOM) + "\0" + emoji, n, Long::sum);
    });
    Map<String, Long> actual = new HashMap<>();
    for (WindowedCount c : hub.snapshot()) {
      assertThat(actual.put(c.room() + "\0" + c.emoji(), c.reactionCount())).isNull();
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.keySet().stream().map(k -> k.substring(0, k.indexOf('\0'))).distinct().count()).isEqualTo(1_001);
    long overflowTotal = actual.get(RoomCap.OVERFLOW_ROOM + "\0😂") + actual.get(RoomCap.OVERFLOW_ROOM + "\0🔥");
    assertThat(overflowTotal).isEqualTo(full.entrySet().stream()
        .filter(e -> !shownRooms.contains(e.getKey().substring(0, e.getKey().indexOf('\0'))))
        .mapToLong(Map.Entry::getValue).sum());
    assertThat(actual.values().stream().mapToLong(Long::longValue).sum()).as("the window's total is exact")
        .isEqualTo(full.values().stream().mapToLong(Long::longValue).sum());
    assertThat(hub.uncountedReactions()).isZero();

    // What a connecting browser gets: the same 1001 rooms, the same counts, sentiments for 1001 rooms.
    Set<String> replayedRooms = new HashSet<>();
    Set<String> sentimentRooms = new HashSet<>();
    Map<String, Long> replayed = new HashMap<>();
    for (EventHub.Message m : hub.replayMessages(-1)) {
      JsonNode data = JSON.readTree(m.data());
      for (JsonNode c : data.get("counts")) {
        replayedRooms.add(c.get("room").asText());
        replayed.put(c.get("room").asText() + "\0" + c.get("emoji").asText(), c.get("reaction_count").asLong());
      }
      data.get("sentiments").forEach(s -> sentimentRooms.add(s.get("room").asText()));
    }
    assertThat(replayed).isEqualTo(expected);
    assertThat(replayedRooms).hasSize(1_001).contains(RoomCap.OVERFLOW_ROOM);
    assertThat(sentimentRooms).isEqualTo(replayedRooms);
    // A reconnect from the first change on gets no more than the state either.
    assertThat(hub.replayAfter(1)).hasSizeLessThanOrEqualTo(2 * 1_001);

    // A window far ahead evicts window 0 and its cap state.
    assertThat(hub.cappedWindows()).isEqualTo(1);
    hub.accept(wc("room-0", 200_000, "😂", 1));
    assertThat(hub.cappedWindows()).isEqualTo(1);
    assertThat(hub.snapshot()).containsExactly(wc("room-0", 200_000, "😂", 1));
  }

  @Test
  void theBoundOnFoldedKeysMakesTheLossVisible() {
    EventHub hub = new EventHub(100, 120_000, SentimentLexicon.emojiSentimentRanking(), new RoomCap(1, 2));
    hub.accept(wc("a", 0, "😂", 1));
    hub.accept(wc("b", 0, "😂", 2));
    hub.accept(wc("c", 0, "😂", 3));
    hub.accept(wc("d", 0, "😂", 4)); // a third folded key: beyond the bound of 2
    hub.accept(wc("b", 0, "😂", 5)); // a known folded key still counts: +3
    assertThat(hub.snapshot()).containsExactlyInAnyOrder(wc("a", 0, "😂", 1), wc(RoomCap.OVERFLOW_ROOM, 0, "😂", 8));
    assertThat(hub.uncountedReactions()).isEqualTo(4);
    assertThat(hub.foldedMessages()).isEqualTo(3);
    // An untracked key is not remembered: its update and a redelivery add their whole counts, so
    // the figure is an upper bound (6 reactions of d were not counted; 4 + 6 + 6 are reported).
    hub.accept(wc("d", 0, "😂", 6));
    hub.accept(wc("d", 0, "😂", 6));
    assertThat(hub.snapshot()).containsExactlyInAnyOrder(wc("a", 0, "😂", 1), wc(RoomCap.OVERFLOW_ROOM, 0, "😂", 8));
    assertThat(hub.uncountedReactions()).isEqualTo(16);
  }
}
