package io.emojireactions.apps.demo.internal;

import io.emojireactions.apps.internal.RoomCap;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The demo console's live summary: one line per closed window of an output stream, instead of one
 * line per update.
 *
 * <p><b>When a window closes.</b> The demo's pipeline runs in update mode, so no message says
 * "final": a window is closed by the watermark rule (docs/semantics.md). A message for a window
 * starting at {@code s} proves the pipeline saw an event at {@code s} or later, so its watermark
 * is at least {@code s − lateness} once that batch ends; a final message (append mode) proves the
 * watermark reached its window's end. The largest such bound is the <i>boundary</i>; a window
 * ending at or before it gets no record from the batch after the next one on. Spark decides
 * lateness with the previous batch's watermark, so the next batch may still add to it, and its
 * messages may come on another partition: the window is therefore held for {@code hold} of the
 * clock after the boundary passed its end, then closed and its line produced. Updates of a window
 * whose line was produced (or of any earlier window) are not shown; {@link #lateMessages()} counts
 * them. Lines come in window order.
 *
 * <p><b>The line</b> ({@link #LINE_PREFIX}):
 *
 * <pre>
 * window 22:31:00-22:31:02 UTC | room-1: 👍 41, ❤️ 33, 😂 20 | room-2: 👍 30 | +1 room | 52 reactions/s | lag 1.4 s
 * </pre>
 *
 * the window's range (UTC, time of day), the {@code maxRooms} rooms with the most reactions in it,
 * each with its {@code topEmojis} most frequent emojis and their max-merged counts (ties: room
 * name, emoji, in {@link String} order), how many further rooms had reactions, the window's
 * reactions (all rooms and emojis) per second of window, and the lag: how long after the window's
 * end its counts last grew here (the end-to-end delay of its last reactions from simulator to
 * console; 0 when they last grew before the end).
 *
 * <p>Bounded against hostile streams: per window at most {@link RoomCap#DEFAULT_MAX_ROOMS} rooms
 * (further ones fold into {@value RoomCap#OVERFLOW_ROOM}, which then counts as one room) and
 * {@value #MAX_KEYS_PER_WINDOW} (room, emoji) keys (further keys are not counted, see
 * {@link #uncountedMessages()}); room and emoji names are shown without control characters and
 * cut to {@value #MAX_NAME_CODE_POINTS} code points.
 *
 * <p>Pure: messages and the injected clock in, lines out; no I/O. Not thread-safe.
 */
public final class ConsoleSummary {

  /** The summary line's prefix. */
  public static final String LINE_PREFIX = "window ";
  /** At most this many (room, emoji) keys per window are counted. */
  static final int MAX_KEYS_PER_WINDOW = 100_000;
  /** Room and emoji names are cut to this many code points on the console. */
  static final int MAX_NAME_CODE_POINTS = 40;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_LOCAL_TIME;

  /** One window not yet closed. */
  private static final class Open {
    final Map<String, Map<String, Long>> rooms = new HashMap<>();
    int keys;
    Instant lastGrew;
    /** When the boundary passed the window's end; null while it has not. */
    Instant passed;
  }

  private final Clock clock;
  private final long latenessMs;
  private final Duration hold;
  private final int topEmojis;
  private final int maxRooms;
  private final RoomCap roomCap = RoomCap.of(RoomCap.DEFAULT_MAX_ROOMS);
  private final TreeMap<TimeWindow, Open> open = new TreeMap<>();
  private long boundaryMs = Long.MIN_VALUE;
  /** The start of the last window whose line was produced: messages for it or earlier ones are late. */
  private long lastClosedStartMs = Long.MIN_VALUE;
  private long lateMessages;
  private long uncountedMessages;

  private ConsoleSummary(Builder b) {
    this.clock = b.clock;
    this.latenessMs = b.lateness.toMillis();
    this.hold = b.hold;
    this.topEmojis = b.topEmojis;
    this.maxRooms = b.maxRooms;
  }

  /** A builder: lateness 2 s, hold 3 s, top 3 emojis, 3 rooms; the clock is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Takes one message; returns the lines of the windows that are closed now (usually none), in
   * window order.
   */
  public List<String> accept(WindowedCount count) {
    Objects.requireNonNull(count, "count");
    Instant now = clock.instant();
    TimeWindow window = count.window();
    if (window.startMs() <= lastClosedStartMs) {
      lateMessages++;
    } else {
      merge(window, count, now);
    }
    long bound = count.isFinal() ? window.endMs() : saturatedMinus(window.startMs(), latenessMs);
    if (bound > boundaryMs) {
      boundaryMs = bound;
    }
    return poll();
  }

  /** The lines of the windows whose hold ended by now, in window order (call it now and then). */
  public List<String> poll() {
    Instant now = clock.instant();
    List<String> lines = new ArrayList<>();
    for (Map.Entry<TimeWindow, Open> e : open.entrySet()) {
      if (e.getKey().endMs() <= boundaryMs && e.getValue().passed == null) {
        e.getValue().passed = now;
      }
    }
    // In window order: a window is closed only after every earlier one, so lines never go back.
    while (!open.isEmpty()) {
      Map.Entry<TimeWindow, Open> first = open.firstEntry();
      Instant passed = first.getValue().passed;
      if (passed == null || now.isBefore(passed.plus(hold))) {
        break;
      }
      open.pollFirstEntry();
      lastClosedStartMs = first.getKey().startMs();
      roomCap.dropBefore(lastClosedStartMs + 1);
      lines.add(line(first.getKey(), first.getValue()));
    }
    return lines;
  }

  /** Messages for windows already summarized (not shown). */
  public long lateMessages() {
    return lateMessages;
  }

  /**
   * Messages not counted because their window already held {@value #MAX_KEYS_PER_WINDOW} keys
   * (or, of rooms beyond the room cap, {@link RoomCap#DEFAULT_MAX_FOLDED_KEYS} folded keys).
   */
  public long uncountedMessages() {
    return uncountedMessages;
  }

  /** Windows seen and not yet summarized. */
  public int openWindows() {
    return open.size();
  }

  private void merge(TimeWindow window, WindowedCount count, Instant now) {
    long uncountedBefore = roomCap.uncounted();
    WindowedCount c = roomCap.apply(count);
    if (c == null) {
      if (roomCap.uncounted() != uncountedBefore) {
        uncountedMessages++;
      }
      return; // a repeat, or an older update of a folded room
    }
    Open w = open.computeIfAbsent(window, k -> new Open());
    Map<String, Long> emojis = w.rooms.get(c.room());
    Long seen = emojis == null ? null : emojis.get(c.emoji());
    if (seen == null && w.keys >= MAX_KEYS_PER_WINDOW) {
      uncountedMessages++;
      return;
    }
    if (seen == null || c.reactionCount() > seen) { // the max-merge rule: counts only grow
      if (seen == null) {
        w.keys++;
      }
      w.rooms.computeIfAbsent(c.room(), r -> new HashMap<>()).put(c.emoji(), c.reactionCount());
      w.lastGrew = now;
    }
  }

  private String line(TimeWindow window, Open w) {
    record Room(String name, long total, Map<String, Long> emojis) {}
    List<Room> rooms = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, Map<String, Long>> r : w.rooms.entrySet()) {
      long sum = r.getValue().values().stream().mapToLong(Long::longValue).sum();
      total += sum;
      rooms.add(new Room(r.getKey(), sum, r.getValue()));
    }
    rooms.sort(Comparator.comparingLong(Room::total).reversed().thenComparing(Room::name));
    StringBuilder sb = new StringBuilder(LINE_PREFIX).append(time(window.start())).append('-').append(time(window.end())).append(" UTC");
    for (Room room : rooms.subList(0, Math.min(maxRooms, rooms.size()))) {
      sb.append(" | ").append(shown(room.name())).append(':');
      List<Map.Entry<String, Long>> emojis = new ArrayList<>(room.emojis().entrySet());
      emojis.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
      String sep = " ";
      for (Map.Entry<String, Long> e : emojis.subList(0, Math.min(topEmojis, emojis.size()))) {
        sb.append(sep).append(shown(e.getKey())).append(' ').append(e.getValue());
        sep = ", ";
      }
    }
    int more = rooms.size() - maxRooms;
    if (more > 0) {
      sb.append(" | +").append(more).append(more == 1 ? " room" : " rooms");
    }
    BigDecimal rate = BigDecimal.valueOf(total).multiply(BigDecimal.valueOf(1000))
        .divide(BigDecimal.valueOf(window.sizeMs()), 1, RoundingMode.HALF_UP).stripTrailingZeros();
    sb.append(" | ").append(rate.toPlainString()).append(" reactions/s");
    long lagMs = w.lastGrew == null ? 0 : Math.max(0, w.lastGrew.toEpochMilli() - window.endMs());
    sb.append(" | lag ").append(String.format(Locale.ROOT, "%.1f", lagMs / 1000.0)).append(" s");
    return sb.toString();
  }

  private static String time(Instant t) {
    return TIME.format(LocalTime.ofInstant(t, ZoneOffset.UTC));
  }

  /** A name as the console shows it: control characters replaced (no terminal escapes), long names cut. */
  static String shown(String name) {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      if (n == MAX_NAME_CODE_POINTS) {
        sb.append('…');
        break;
      }
      sb.appendCodePoint(Character.isISOControl(cp) ? '\uFFFD' : cp);
      n++;
    }
    return sb.toString();
  }

  private static long saturatedMinus(long a, long b) {
    long r = a - b;
    return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
  }

  /** Validates and builds a {@link ConsoleSummary}. */
  public static final class Builder {
    private Clock clock;
    private Duration lateness = Duration.ofSeconds(2);
    private Duration hold = Duration.ofSeconds(3);
    private int topEmojis = 3;
    private int maxRooms = 3;

    private Builder() {}

    /** The clock of the hold and the lag (required). */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** The pipeline's allowed lateness (watermark delay). Default 2 s; {@code >= 0}. */
    public Builder lateness(Duration value) {
      this.lateness = value;
      return this;
    }

    /** How long a window is held after the watermark passed its end. Default 3 s; {@code >= 0}. */
    public Builder hold(Duration value) {
      this.hold = value;
      return this;
    }

    /** Emojis shown per room. Default 3; {@code >= 1}. */
    public Builder topEmojis(int value) {
      this.topEmojis = value;
      return this;
    }

    /** Rooms shown per line (the busiest). Default 3; {@code >= 1}. */
    public Builder maxRooms(int value) {
      this.maxRooms = value;
      return this;
    }

    /** @throws IllegalArgumentException naming the first bad field and its value */
    public ConsoleSummary build() {
      if (clock == null) {
        throw new IllegalArgumentException("clock is required, but was null");
      }
      if (lateness == null || lateness.isNegative()) {
        throw new IllegalArgumentException("lateness must be >= 0, but was " + lateness);
      }
      if (hold == null || hold.isNegative()) {
        throw new IllegalArgumentException("hold must be >= 0, but was " + hold);
      }
      if (topEmojis < 1) {
        throw new IllegalArgumentException("topEmojis must be >= 1, but was " + topEmojis);
      }
      if (maxRooms < 1) {
        throw new IllegalArgumentException("maxRooms must be >= 1, but was " + maxRooms);
      }
      return new ConsoleSummary(this);
    }
  }
}
