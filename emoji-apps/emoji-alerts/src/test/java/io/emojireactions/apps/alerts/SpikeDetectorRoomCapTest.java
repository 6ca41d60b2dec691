package io.emojireactions.apps.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.apps.internal.RoomCap;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The detector's bound on rooms: a client inventing a room per reaction cannot grow it without bound. */
class SpikeDetectorRoomCapTest {

  private static final long SIZE = 2_000;

  private static WindowedCount wc(String room, long startMs, String emoji, long n) {
    return new WindowedCount(room, new TimeWindow(startMs, startMs + SIZE), emoji, n, n, false);
  }

  @Test
  void tenThousandRoomsInOneWindowAreTheFirstThousandAndOneOverflowRoomWithTheExactSum() {
    SpikeDetector detector = new SpikeDetector(AlertRules.defaults(), SentimentLexicon.emojiSentimentRanking(), 1_000);
    // Update mode, at least once: each room's partial count, its full count, and a repeat, shuffled.
    List<WindowedCount> messages = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      long full = 1 + i % 7;
      messages.add(wc("room-" + i, 0, "😂", full));
      messages.add(wc("room-" + i, 0, "😂", full));
      messages.add(wc("room-" + i, 0, "😂", Math.max(1, full / 2)));
    }
    Collections.shuffle(messages, new Random(42));
    List<String> order = new ArrayList<>();
    for (WindowedCount m : messages) {
      detector.accept(m);
      if (!order.contains(m.room()) && order.size() < 1_000) {
        order.add(m.room()); // the rule: the first 1000 distinct rooms are followed
      }
    }

    assertThat(detector.rooms()).isEqualTo(1_001);
    long folded = 0;
    for (int i = 0; i < 10_000; i++) {
      String room = "room-" + i;
      long full = 1 + i % 7;
      if (order.contains(room)) {
        assertThat(detector.pendingCount(room, 0, "😂")).isEqualTo(full);
      } else {
        assertThat(detector.pendingCount(room, 0, "😂")).isEqualTo(-1);
        folded += full;
      }
    }
    assertThat(detector.pendingCount(RoomCap.OVERFLOW_ROOM, 0, "😂")).isEqualTo(folded);
    long total = 0;
    for (int i = 0; i < 10_000; i++) {
      total += 1 + i % 7;
    }
    long shown = order.stream().mapToLong(r -> detector.pendingCount(r, 0, "😂")).sum();
    assertThat(shown + detector.pendingCount(RoomCap.OVERFLOW_ROOM, 0, "😂")).as("totals stay exact").isEqualTo(total);
    assertThat(detector.foldedWindows()).isEqualTo(1);

    // Event time moves past window 0 (grace included): it is evaluated and its folded state dropped.
    detector.accept(wc(order.get(0), 60_000, "😂", 1));
    assertThat(detector.foldedWindows()).isZero();
    assertThat(detector.pendingCount(RoomCap.OVERFLOW_ROOM, 0, "😂")).isEqualTo(-1);
    // A late folded message holds no memory.
    long late = detector.lateMessages();
    detector.accept(wc("room-late", 0, "😂", 3));
    assertThat(detector.foldedWindows()).isZero();
    assertThat(detector.lateMessages()).isEqualTo(late + 1);
  }

  @Test
  void aClientRoomNamedLikeTheOverflowAlwaysFoldsAndIdleRoomsMakeSpaceOnceTheGapRulePasses() {
    SpikeDetector detector = new SpikeDetector(AlertRules.defaults(), SentimentLexicon.emojiSentimentRanking(), 2);
    detector.accept(wc("a", 0, "😂", 5));
    detector.accept(wc(RoomCap.OVERFLOW_ROOM, 0, "😂", 4));
    detector.accept(wc("b", 0, "😂", 1));
    detector.accept(wc("c", 0, "😂", 2));
    detector.accept(wc("d", 0, "😂", 3));
    assertThat(detector.pendingCount("a", 0, "😂")).isEqualTo(5);
    assertThat(detector.pendingCount("b", 0, "😂")).isEqualTo(1);
    assertThat(detector.pendingCount(RoomCap.OVERFLOW_ROOM, 0, "😂")).isEqualTo(4 + 2 + 3);
    assertThat(detector.rooms()).isEqualTo(3);

    // Much later, only new rooms: a, b and the overflow room have been idle for more than the gap
    // rule's windows, so they are forgotten and the new rooms are followed.
    long later = (SpikeDetector.MAX_GAP_WINDOWS + 10) * SIZE;
    detector.accept(wc("e", later, "😂", 1));
    detector.accept(wc("f", later + SIZE, "😂", 1));
    detector.accept(wc("g", later + 2 * SIZE, "😂", 1));
    assertThat(detector.pendingCount("g", later + 2 * SIZE, "😂")).isEqualTo(1);
    assertThat(detector.rooms()).isLessThanOrEqualTo(3);
    assertThat(detector.pendingCount("a", 0, "😂")).isEqualTo(-1);
  }

  /**
   * At capacity, rooms y and z fold into window W; an idle room is then forgotten, freeing a slot,
   * while W is still open. y's later, larger update-mode counts for W must still fold (not take
   * the slot as room y with its full count while its earlier count stays in the overflow sum).
   */
  @Test
  void aRoomFoldedIntoAWindowStaysFoldedForItAfterAnIdleRoomIsForgotten() {
    SpikeDetector detector = new SpikeDetector(AlertRules.defaults(), SentimentLexicon.emojiSentimentRanking(), 2);
    long grace = AlertRules.defaults().grace().toMillis();
    // W is late enough that room "old" (last seen at window 0) becomes idle past the gap rule as
    // soon as event time moves one window past W, while W itself is still open.
    long w = SpikeDetector.MAX_GAP_WINDOWS * SIZE + grace;
    detector.accept(wc("old", 0, "😂", 1));
    detector.accept(wc("a", w, "😂", 5));
    assertThat(detector.rooms()).as("old and a followed: the detector is full").isEqualTo(2);
    detector.accept(wc("y", w, "😂", 2));
    detector.accept(wc("z", w, "😂", 4));
    assertThat(detector.pendingCount(RoomCap.OVERFLOW_ROOM, w, "😂")).isEqualTo(2 + 4);

    detector.accept(wc("a", w + SIZE, "😂", 1));
    assertThat(detector.rooms()).as("old forgotten: a and the overflow room remain").isEqualTo(2);
    assertThat(detector.pendingCount("a", w, "😂")).as("W still open").isEqualTo(5);

    // y's update for W (and a redelivery of it) while a slot is free.
    detector.accept(wc("y", w, "😂", 7));
    detector.accept(wc("y", w, "😂", 7));
    assertThat(detector.pendingCount("y", w, "😂")).as("y not its own room for W").isEqualTo(-1);
    assertThat(detector.pendingCount(RoomCap.OVERFLOW_ROOM, w, "😂")).isEqualTo(7 + 4);
    assertThat(detector.pendingCount("a", w, "😂") + detector.pendingCount(RoomCap.OVERFLOW_ROOM, w, "😂"))
        .as("W's total: each room's max-merged count once").isEqualTo(5 + 7 + 4);

    // y takes the free slot from the next window on; its W stays folded all the same.
    detector.accept(wc("y", w + SIZE, "😂", 3));
    assertThat(detector.pendingCount("y", w + SIZE, "😂")).isEqualTo(3);
    detector.accept(wc("y", w, "😂", 9));
    assertThat(detector.pendingCount("y", w, "😂")).isEqualTo(-1);
    assertThat(detector.pendingCount(RoomCap.OVERFLOW_ROOM, w, "😂")).isEqualTo(9 + 4);
    assertThat(detector.pendingCount("a", w, "😂") + detector.pendingCount(RoomCap.OVERFLOW_ROOM, w, "😂"))
        .as("W's total: each room's max-merged count once").isEqualTo(5 + 9 + 4);
  }

  /** A room folded into a window that is now closed is not followed from that window later. */
  @Test
  void aRoomIsNotFollowedFromAClosedWindowItWasFoldedInto() {
    SpikeDetector detector = new SpikeDetector(AlertRules.defaults(), SentimentLexicon.emojiSentimentRanking(), 2);
    long grace = AlertRules.defaults().grace().toMillis();
    long w = SpikeDetector.MAX_GAP_WINDOWS * SIZE + grace;
    detector.accept(wc("old", 0, "😂", 1));
    detector.accept(wc("a", w, "😂", 5));
    detector.accept(wc("z", w, "😂", 4));
    assertThat(detector.pendingCount(RoomCap.OVERFLOW_ROOM, w, "😂")).isEqualTo(4);
    // Event time closes W (evaluated with z in the overflow room) and forgets the idle room.
    detector.accept(wc("a", w + SIZE + grace, "😂", 1));
    assertThat(detector.pendingCount(RoomCap.OVERFLOW_ROOM, w, "😂")).as("W closed").isEqualTo(-1);
    assertThat(detector.rooms()).as("a and the overflow room: a slot is free").isEqualTo(2);

    long late = detector.lateMessages();
    detector.accept(wc("z", w, "😂", 6));
    assertThat(detector.lateMessages()).isEqualTo(late + 1);
    assertThat(detector.pendingCount("z", w, "😂")).isEqualTo(-1);
    assertThat(detector.rooms()).isEqualTo(2);
  }

  @Test
  void maxRoomsMustBePositive() {
    assertThatThrownBy(() -> new SpikeDetector(AlertRules.defaults(), SentimentLexicon.emojiSentimentRanking(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRooms must be >= 1, but was 0");
  }
}
