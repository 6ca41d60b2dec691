package io.emojireactions.apps.alerts;

import io.emojireactions.apps.internal.RoomCap;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds spikes of emojis and swings of sentiment per room in a stream of output messages, by
 * the rule of {@link AlertRules}. Pure and event-time driven: no clock, no I/O; the same messages
 * in the same order always give the same alerts with the same {@link Alert#id()}s.
 *
 * <p>Update-mode repeats of a key are max-merged while its window is open. A window W of a room is
 * evaluated once a message (of any room) for a window starting at or after {@code W.end + grace}
 * arrives; its counts are then final for the detector, and later messages for it are counted in
 * {@link #lateMessages()} and ignored — so a replay of messages already seen adds nothing. Ids
 * given to {@link #markAlerted} (alerts published before a restart) are never alerted again.
 *
 * <p>Rooms are bounded: at most {@code maxRooms} rooms are followed at once. A message of a further
 * room (or of a room named {@value RoomCap#OVERFLOW_ROOM}) is folded into the room
 * {@value RoomCap#OVERFLOW_ROOM}, whose count per (window, emoji) is the exact sum of the folded
 * rooms' max-merged counts ({@link RoomCap#fold}), and which is evaluated as any other room. While
 * {@code maxRooms} rooms are followed, a room with no message for more than
 * {@value #MAX_GAP_WINDOWS} windows (whose baselines the gap rule would restart anyway) is
 * forgotten, making space for a new one. A room folded into a window stays folded for that window
 * (so no window counts a room twice), and a room not followed is followed only from an open
 * window: its messages for a closed window are late. So memory holds at most {@code maxRooms + 1} rooms'
 * baselines, their open windows, and per open window at most
 * {@value RoomCap#DEFAULT_MAX_FOLDED_KEYS} folded keys; folded windows are forgotten once closed.
 *
 * <p>Not thread-safe: one detector per consumer thread.
 */
public final class SpikeDetector {

  /** A gap longer than this many windows restarts a room's baselines instead of walking the gap. */
  static final long MAX_GAP_WINDOWS = 1_800;

  /** The standard deviation of √X for a Poisson count X (≈ 1/2): the floor of a spike's z denominator. */
  static final double POISSON_ROOT_SD = 0.5;

  private final AlertRules rules;
  private final SentimentLexicon lexicon;
  private final Map<String, Room> rooms = new TreeMap<>();
  private final int maxRooms;
  private final RoomCap overflow = RoomCap.of(1); // only its fold(): this class decides which rooms it follows
  private final Set<String> alerted = new HashSet<>();
  private long windowSizeMs;
  private long maxStartSeen = Long.MIN_VALUE;
  private long lastBoundary = Long.MIN_VALUE;
  private long lateMessages;

  /** A detector following at most {@value RoomCap#DEFAULT_MAX_ROOMS} rooms at once. */
  public SpikeDetector(AlertRules rules, SentimentLexicon lexicon) {
    this(rules, lexicon, RoomCap.DEFAULT_MAX_ROOMS);
  }

  /**
   * A detector following at most {@code maxRooms} rooms at once (further rooms fold into
   * {@value RoomCap#OVERFLOW_ROOM}).
   *
   * @throws IllegalArgumentException when {@code maxRooms < 1}
   */
  public SpikeDetector(AlertRules rules, SentimentLexicon lexicon, int maxRooms) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
    if (maxRooms < 1) {
      throw new IllegalArgumentException("maxRooms must be >= 1, but was " + maxRooms);
    }
    this.maxRooms = maxRooms;
  }

  /** Remembers an alert published earlier (e.g. read back from the alert topic): it is not raised again. */
  public void markAlerted(String alertId) {
    alerted.add(alertId);
  }

  /**
   * Takes one message; returns the alerts of the windows its event time closed (often none).
   *
   * @throws IllegalArgumentException when the message's window size differs from earlier ones
   */
  public List<Alert> accept(WindowedCount count) {
    long size = count.window().sizeMs();
    if (windowSizeMs == 0) {
      windowSizeMs = size;
    } else if (size != windowSizeMs) {
      throw new IllegalArgumentException("window of " + size + " ms differs from the stream's " + windowSizeMs
          + " ms; one detector reads one pipeline's output");
    }
    long start = count.window().startMs();
    boolean closed = lastBoundary != Long.MIN_VALUE && start + windowSizeMs <= lastBoundary;
    boolean overflowName = count.room().equals(RoomCap.OVERFLOW_ROOM);
    boolean known = !overflowName && rooms.containsKey(count.room());
    if (closed && !known) {
      // Folding it would only hold memory; following the room from it could count the room twice
      // (its window's folded state, which would tell, is forgotten once the window is closed).
      lateMessages++;
      return List.of();
    }
    WindowedCount c = count;
    // A room folded into a window stays folded for that window, even once a slot is free or the
    // room is followed from a later window: shown as its own room, it would be counted twice.
    if (overflowName || overflow.holdsFolded(count.room(), start) || (!known && followed() >= maxRooms)) {
      c = overflow.fold(count);
      if (c == null) { // a repeat or an older update of a folded room: nothing changes
        maxStartSeen = Math.max(maxStartSeen, start);
        return closeWindows();
      }
    }
    Room room = rooms.computeIfAbsent(c.room(), r -> new Room(start));
    if (start < room.next) {
      lateMessages++;
    } else {
      room.pending.computeIfAbsent(start, s -> new HashMap<>()).merge(c.emoji(), c.reactionCount(), Math::max);
      room.lastSeenStart = Math.max(room.lastSeenStart, start);
      maxStartSeen = Math.max(maxStartSeen, start);
    }
    return closeWindows();
  }

  /** The rooms followed, the overflow room not counted. */
  private int followed() {
    return rooms.size() - (rooms.containsKey(RoomCap.OVERFLOW_ROOM) ? 1 : 0);
  }

  /** The rooms followed now, the overflow room included when present (at most {@code maxRooms + 1}). */
  public int rooms() {
    return rooms.size();
  }

  /** The merged count of (room, window, emoji) while its window is open; -1 when none is held. */
  long pendingCount(String room, long windowStartMs, String emoji) {
    Room r = rooms.get(room);
    Map<String, Long> counts = r == null ? null : r.pending.get(windowStartMs);
    Long n = counts == null ? null : counts.get(emoji);
    return n == null ? -1 : n;
  }

  /** How many windows of folded rooms are held (only open ones). */
  int foldedWindows() {
    return overflow.windows();
  }

  /** Messages for windows already evaluated (ignored). */
  public long lateMessages() {
    return lateMessages;
  }

  private List<Alert> closeWindows() {
    long boundary = maxStartSeen - rules.grace().toMillis(); // windows ending at or before it are closed
    if (boundary == lastBoundary) {
      return List.of(); // event time did not advance: nothing new to close (keeps a message O(1))
    }
    lastBoundary = boundary;
    List<Alert> alerts = new ArrayList<>();
    boolean full = followed() >= maxRooms;
    for (Iterator<Map.Entry<String, Room>> it = rooms.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Room> e = it.next();
      Room room = e.getValue();
      if ((boundary - room.next) / windowSizeMs > MAX_GAP_WINDOWS) {
        room.restartAt(boundary - Math.floorMod(boundary, windowSizeMs) - windowSizeMs);
      }
      while (room.next + windowSizeMs <= boundary) {
        evaluate(e.getKey(), room, room.next, alerts);
        room.next += windowSizeMs;
      }
      if (full && room.pending.isEmpty() && (boundary - room.lastSeenStart) / windowSizeMs > MAX_GAP_WINDOWS) {
        it.remove(); // idle past the gap rule, which would restart its baselines anyway: make space
      }
    }
    overflow.dropBefore(boundary - windowSizeMs + 1); // closed windows: evaluated, never folded into again
    return alerts;
  }

  private void evaluate(String roomName, Room room, long start, List<Alert> alerts) {
    TimeWindow window = new TimeWindow(start, start + windowSizeMs);
    Map<String, Long> counts = room.pending.remove(start);
    if (counts == null) {
      counts = Map.of();
    }
    boolean first = room.history == 0;
    Set<String> emojis = new TreeSet<>(room.emojis.keySet());
    emojis.addAll(counts.keySet());
    for (String emoji : emojis) {
      long x = counts.getOrDefault(emoji, 0L);
      // Baselines live on the square-root scale: √count of Poisson-like counts has a variance of
      // about 1/4 whatever the mean, so one z threshold fits rare and common emojis alike (on raw
      // counts the right tail of small counts is far heavier than a normal one).
      double root = Math.sqrt(x);
      Ewma baseline = room.emojis.get(emoji);
      if (baseline == null) {
        if (first) {
          // Emojis of the room's first window start at their count: no history to compare with.
          room.emojis.put(emoji, Ewma.startingAt(root));
          continue;
        }
        // An emoji first seen later has a true history of zeros in this room.
        baseline = new Ewma();
        room.emojis.put(emoji, baseline);
      }
      if (room.history >= rules.minHistoryWindows()) {
        double sd = Math.sqrt(baseline.var);
        double z = (root - baseline.mean) / Math.max(POISSON_ROOT_SD, sd);
        if (z >= rules.zThreshold() && x >= rules.minCount()) {
          Long episodeEnd = room.spikeEpisodeEnd.get(emoji);
          if (episodeEnd == null || start >= episodeEnd) {
            raise(alerts, new Alert(Alert.Kind.SPIKE, roomName, emoji, window, x, baseline.mean * baseline.mean, sd, z));
          }
          room.spikeEpisodeEnd.put(emoji, window.endMs() + rules.cooldown().toMillis());
        }
      }
      baseline.update(root, rules.alpha());
    }
    evaluateSentiment(roomName, room, window, counts, alerts);
    room.history++;
  }

  private void evaluateSentiment(String roomName, Room room, TimeWindow window, Map<String, Long> counts, List<Alert> alerts) {
    long scored = 0;
    double sum = 0;
    for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
      OptionalDouble score = lexicon.score(e.getKey());
      if (score.isPresent()) {
        scored += e.getValue();
        sum += e.getValue() * score.getAsDouble();
      }
    }
    if (scored < rules.minScoredReactions()) {
      return;
    }
    double s = sum / scored;
    if (room.sentiment == null) {
      room.sentiment = Ewma.startingAt(s);
      room.sentimentHistory = 1;
      return;
    }
    Ewma baseline = room.sentiment;
    if (room.sentimentHistory >= rules.minHistoryWindows()) {
      double sd = Math.sqrt(baseline.var);
      double deviation = s - baseline.mean;
      double z = Math.abs(deviation) / Math.max(0.05, sd);
      if (Math.abs(deviation) >= rules.minSentimentSwing() && z >= rules.zThreshold()) {
        if (window.startMs() >= room.sentimentEpisodeEnd) {
          raise(alerts, new Alert(Alert.Kind.SENTIMENT_SWING, roomName, null, window, s, baseline.mean, sd, z));
        }
        room.sentimentEpisodeEnd = window.endMs() + rules.cooldown().toMillis();
      }
    }
    baseline.update(s, rules.alpha());
    room.sentimentHistory++;
  }

  private void raise(List<Alert> alerts, Alert alert) {
    if (alerted.add(alert.id())) {
      alerts.add(alert);
    }
  }

  /** Exponentially weighted mean and variance (the incremental form, West 1979 / Finch 2009). */
  private static final class Ewma {
    double mean;
    double var;

    static Ewma startingAt(double x) {
      Ewma e = new Ewma();
      e.mean = x;
      return e;
    }

    void update(double x, double alpha) {
      double diff = x - mean;
      double increment = alpha * diff;
      mean += increment;
      var = (1 - alpha) * (var + diff * increment);
    }
  }

  /** Per room: the next window to evaluate, open windows' merged counts, and baselines. */
  private static final class Room {
    long next;
    long history;
    final TreeMap<Long, Map<String, Long>> pending = new TreeMap<>();
    final Map<String, Ewma> emojis = new HashMap<>();
    final Map<String, Long> spikeEpisodeEnd = new HashMap<>();
    Ewma sentiment;
    long sentimentHistory;
    long sentimentEpisodeEnd = Long.MIN_VALUE;

    /** The start of the latest window a message of this room was counted for. */
    long lastSeenStart;

    Room(long firstWindowStart) {
      this.next = firstWindowStart;
      this.lastSeenStart = firstWindowStart;
    }

    void restartAt(long windowStart) {
      next = windowStart;
      history = 0;
      emojis.clear();
      spikeEpisodeEnd.clear();
      sentiment = null;
      sentimentHistory = 0;
      pending.headMap(windowStart).clear();
    }
  }
}
