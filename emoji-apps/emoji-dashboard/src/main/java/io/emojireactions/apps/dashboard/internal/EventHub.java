package io.emojireactions.apps.dashboard.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.internal.RoomCap;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.WindowSentiment;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The dashboard's state and its Server-Sent Events fan-out. Incoming window counts are
 * max-merged per (room, window, emoji); each change gets a sequence number. A batch of counts
 * ({@link #accept(List)}) becomes at most ONE {@value #UPDATES} event: its data is
 * {@code {"counts":[…],"sentiments":[…]}} with each changed key once (its merged count, output
 * contract) and the sentiment of each changed (room, window) once, recomputed once per batch; its
 * id is {@code epoch-sequence}, the hub's epoch (random per process) and the batch's last sequence
 * number. Each message is encoded once for all streams ({@link SseMessage}).
 *
 * <p>A new browser gets the current state; a reconnecting one sends {@code Last-Event-ID} and gets
 * exactly the changes after it (each key once, latest value), from a ring of the last {@code
 * ringSize} changes (or the whole state when they fell out of the ring, or when the id is of
 * another epoch: a dashboard that restarted has numbered other changes), in {@value #UPDATES}
 * events of at most {@value #REPLAY_CHUNK} counts, each with the id of its last change, followed by
 * every held window's sentiment. Only windows within {@code keepMs} of the newest are kept.
 *
 * <p>Each stream's queue is bounded ({@link SseStream}): a browser that falls behind past it is
 * sent a {@value SseStream#RESYNC_EVENT} event and closed, and resumes from its last id when it
 * reconnects, so one stalled browser cannot hold every batch in memory.
 *
 * <p>Rooms are capped per window by a {@link RoomCap} before merging: beyond its
 * {@code maxRooms} rooms, a window's counts are summed into the room
 * {@value RoomCap#OVERFLOW_ROOM}. So the state, the ring, the sentiments and every message hold at
 * most {@code maxRooms + 1} rooms per window, whatever the number of rooms in the input.
 *
 * <p>Besides, an {@code alert} event (no id) per alert message of the alert topic (its JSON as
 * published, once per id); a connecting browser gets the last {@value #RECENT_ALERTS}.
 *
 * <p>Locks: the state lock ({@code this}) guards the state and is held only to merge and to build
 * a message's text; the send lock orders sends, so every connection gets the messages in id order
 * and a connecting one can take no broadcast between its replay and its registration. Lock order:
 * send lock, then state lock, then (inside {@code send}) a stream's own lock; a send only queues,
 * and nothing is sent under the state lock, so readers ({@link #snapshot}, {@code /health}) never
 * wait for a fan-out.
 *
 * <p>Why the open streams are a concurrent set that a closing stream leaves without any hub lock:
 * a connection's close listener runs on its I/O thread, which may be a thread that a broadcast
 * holding the send lock is waiting for; taking the send lock there could freeze every browser's
 * stream.
 */
public final class EventHub implements SseEndpoint.Listener {

  /** A change: its sequence number and the merged count it made. */
  record Event(long id, WindowedCount count) {}

  /** One SSE message: its id (null: none, it does not move {@code Last-Event-ID}) and data. */
  record Message(String id, String data) {}

  /** The event type of counts and sentiments. */
  static final String UPDATES = "updates";
  /** How many of the latest alerts a connecting browser gets. */
  static final int RECENT_ALERTS = 20;
  /** The most counts in one replay message. */
  static final int REPLAY_CHUNK = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a browser waits before reconnecting. */
  private static final SseMessage RETRY = SseMessage.retry(1_000);

  private final int ringSize;
  private final long keepMs;
  private final Object sendLock = new Object();
  private final Map<WindowedCount.Key, Event> state = new HashMap<>();
  private final ArrayDeque<Event> ring = new ArrayDeque<>();
  private final Set<SseStream> connections = ConcurrentHashMap.newKeySet();
  private final String epoch;
  private long seq;
  private long newestStartMs = Long.MIN_VALUE;
  private long badMessages;
  private long badAlerts;
  private long messagesSent;
  private long resyncedStreams;
  private final SentimentBoard sentiment;
  private final RoomCap cap;
  /** The latest alerts by id, oldest first. */
  private final LinkedHashMap<String, String> alerts = new LinkedHashMap<>();

  /** A hub scoring sentiment with the Emoji Sentiment Ranking, {@value RoomCap#DEFAULT_MAX_ROOMS} rooms per window. */
  public EventHub(int ringSize, long keepMs) {
    this(ringSize, keepMs, SentimentLexicon.emojiSentimentRanking());
  }

  public EventHub(int ringSize, long keepMs, SentimentLexicon lexicon) {
    this(ringSize, keepMs, lexicon, RoomCap.of(RoomCap.DEFAULT_MAX_ROOMS));
  }

  /** A hub whose rooms per window {@code cap} bounds (the hub's own: it is used under the hub's lock), with a random epoch. */
  public EventHub(int ringSize, long keepMs, SentimentLexicon lexicon, RoomCap cap) {
    this(ringSize, keepMs, lexicon, cap, Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
  }

  /**
   * A hub whose event ids are {@code epoch-sequence}: a {@code Last-Event-ID} of another epoch
   * (another process, before a restart) gets the full state, never a replay of sequence numbers
   * that meant other changes there.
   *
   * @param epoch letters and digits, different for every process (a random one in production)
   */
  public EventHub(int ringSize, long keepMs, SentimentLexicon lexicon, RoomCap cap, String epoch) {
    if (epoch == null || !epoch.matches("[A-Za-z0-9]+")) {
      throw new IllegalArgumentException("epoch must be letters and digits, but was " + epoch);
    }
    this.epoch = epoch;
    this.ringSize = ringSize;
    this.keepMs = keepMs;
    this.sentiment = new SentimentBoard(lexicon);
    this.cap = java.util.Objects.requireNonNull(cap, "cap");
  }

  /** Takes one message of the output contract; a bad one is counted and skipped. */
  public void accept(byte[] json) {
    accept(List.of(json));
  }

  /**
   * Takes a batch of messages of the output contract (bad ones are counted and skipped), merges
   * them and sends what changed as one {@value #UPDATES} event to every open stream.
   */
  public void accept(List<byte[]> jsons) {
    List<WindowedCount> counts = new ArrayList<>(jsons.size());
    int bad = 0;
    for (byte[] json : jsons) {
      try {
        counts.add(WindowedCountJson.fromJson(json));
      } catch (IllegalArgumentException e) {
        bad++;
      }
    }
    if (bad > 0) {
      synchronized (this) {
        badMessages += bad;
      }
    }
    acceptCounts(counts);
  }

  /** Max-merges one count; sends an event when it changed the state. */
  public void accept(WindowedCount count) {
    acceptCounts(List.of(count));
  }

  /** Max-merges a batch of counts; sends one event with what changed, if anything did. */
  public void acceptCounts(List<WindowedCount> counts) {
    if (counts.isEmpty()) {
      return;
    }
    synchronized (sendLock) {
      Message m;
      synchronized (this) {
        m = merge(counts);
      }
      if (m != null) {
        broadcast(m.data(), UPDATES, m.id());
      }
    }
  }

  /** Merges under the state lock; the batch's message, or null when nothing changed. */
  private Message merge(List<WindowedCount> counts) {
    Map<WindowedCount.Key, WindowedCount> changed = new LinkedHashMap<>();
    for (WindowedCount raw : counts) {
      if (newestStartMs != Long.MIN_VALUE && raw.window().startMs() < newestStartMs - keepMs) {
        continue; // older than anything shown
      }
      WindowedCount shown = cap.apply(raw);
      if (shown == null) {
        continue; // a room beyond the cap that added nothing to the overflow room
      }
      WindowedCount count = shown;
      WindowedCount.Key key = count.key();
      Event old = state.get(key);
      WindowedCount merged = old == null ? count : old.count().mergeMax(count);
      if (old != null && merged.equals(old.count())) {
        continue;
      }
      Event e = new Event(++seq, merged);
      state.put(key, e);
      ring.addLast(e);
      if (ring.size() > ringSize) {
        ring.removeFirst();
      }
      sentiment.put(merged);
      changed.remove(key); // re-inserted: the message lists keys in the order of their last change
      changed.put(key, merged);
      if (count.window().startMs() > newestStartMs) {
        newestStartMs = count.window().startMs();
        state.values().removeIf(ev -> ev.count().window().startMs() < newestStartMs - keepMs);
        sentiment.dropBefore(newestStartMs - keepMs);
        cap.dropBefore(newestStartMs - keepMs);
      }
    }
    if (changed.isEmpty()) {
      return null;
    }
    messagesSent++;
    return new Message(eventId(seq), data(changed.values(), sentiment.of(changed.values())));
  }

  /** The {@value #UPDATES} event's data. */
  private static String data(Collection<WindowedCount> counts, List<WindowSentiment> sentiments) {
    StringBuilder b = new StringBuilder(counts.size() * 220 + sentiments.size() * 200 + 32).append("{\"counts\":[");
    boolean first = true;
    for (WindowedCount c : counts) {
      b.append(first ? "" : ",").append(WindowedCountJson.toJsonString(c));
      first = false;
    }
    b.append("],\"sentiments\":[");
    first = true;
    for (WindowSentiment s : sentiments) {
      b.append(first ? "" : ",").append(SentimentBoard.toJson(s));
      first = false;
    }
    return b.append("]}").toString();
  }

  /**
   * Sends one message to every open stream, encoded once; the caller holds the send lock, not the
   * state lock. A stream that fell behind past its bound is told to resync and closed.
   */
  private void broadcast(String data, String event, String id) {
    if (connections.isEmpty()) {
      return;
    }
    SseMessage message = SseMessage.of(event, id, data, true);
    int[] resynced = {0};
    SseStream.broadcast(message, connections, s -> {
      connections.remove(s); // it gets nothing more; it leaves once its resync event is written
      resynced[0]++;
    });
    if (resynced[0] > 0) {
      synchronized (this) {
        resyncedStreams += resynced[0];
      }
    }
  }

  /** The id of the change with sequence number {@code seq}. */
  private String eventId(long seq) {
    return epoch + "-" + seq;
  }

  /** The endpoint serving this hub's stream to browsers. */
  public SseEndpoint endpoint(long maxLiveBytesPerStream, Duration closeGrace) {
    return new SseEndpoint(this, maxLiveBytesPerStream, closeGrace);
  }

  /**
   * Takes one message of the alert topic: a JSON object with a text {@code id}. A new id is kept
   * and sent as an {@code alert} event; a repeat is ignored; anything else is counted and skipped.
   */
  public void acceptAlert(byte[] json) {
    String id;
    String data;
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject() || !node.path("id").isTextual()) {
        throw new IOException("not an alert object with a text id");
      }
      id = node.get("id").asText();
      data = JSON.writeValueAsString(node);
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        badAlerts++;
      }
      return;
    }
    synchronized (sendLock) {
      synchronized (this) {
        if (alerts.containsKey(id)) {
          return;
        }
        alerts.put(id, data);
        if (alerts.size() > RECENT_ALERTS) {
          alerts.remove(alerts.keySet().iterator().next());
        }
      }
      broadcast(data, "alert", null);
    }
  }

  /** The sentiment of every (room, window) shown. */
  public synchronized List<WindowSentiment> sentiments() {
    return sentiment.all();
  }

  /** The latest alerts' JSON, oldest first. */
  public synchronized List<String> recentAlerts() {
    return List.copyOf(alerts.values());
  }

  /** How many messages of rooms beyond the cap changed an overflow room's count. */
  public synchronized long foldedMessages() {
    return cap.folded();
  }

  /**
   * An upper bound on the reactions not counted because a window's folded keys reached their
   * bound: the sum of {@code reaction_count} over the messages that could not be counted, repeats
   * and update-mode re-sends included ({@link RoomCap#uncounted()}); 0 exactly when nothing was lost.
   */
  public synchronized long uncountedReactions() {
    return cap.uncounted();
  }

  /** How many windows the room cap holds (as many as the state: evicted with them). */
  synchronized int cappedWindows() {
    return cap.windows();
  }

  public synchronized long badAlerts() {
    return badAlerts;
  }

  /** How many {@value #UPDATES} events were broadcast (one per batch that changed something). */
  public synchronized long messagesSent() {
    return messagesSent;
  }

  @Override
  public void connected(SseStream connection, String lastEventId) {
    synchronized (sendLock) { // no broadcast between the replay and the registration: no gap, no repeat
      List<Message> replay;
      List<String> recent;
      synchronized (this) {
        replay = replayMessages(parseId(lastEventId));
        recent = List.copyOf(alerts.values());
      }
      connection.sendInitial(RETRY);
      for (Message m : replay) {
        connection.sendInitial(SseMessage.of(UPDATES, m.id(), m.data(), false));
      }
      for (String a : recent) {
        connection.sendInitial(SseMessage.of("alert", null, a, false));
      }
      connections.add(connection);
      connection.onClose(() -> connections.remove(connection)); // never a hub lock here: see the class comment
      if (!connection.isOpen()) {
        connections.remove(connection); // it closed before its close task was registered
      }
    }
  }

  /**
   * The messages a client that saw everything up to {@code lastId} (-1: nothing) gets: its
   * missed changes in chunks of {@value #REPLAY_CHUNK}, each with the id of its last change, the
   * last also carrying every held window's sentiment (a message without id when no change was
   * missed; none when there is nothing at all).
   */
  synchronized List<Message> replayMessages(long lastId) {
    List<Event> events = replayAfter(lastId);
    List<WindowSentiment> sentiments = sentiment.all();
    List<Message> out = new ArrayList<>();
    for (int from = 0; from < events.size(); from += REPLAY_CHUNK) {
      List<Event> chunk = events.subList(from, Math.min(events.size(), from + REPLAY_CHUNK));
      boolean last = from + REPLAY_CHUNK >= events.size();
      out.add(new Message(eventId(chunk.get(chunk.size() - 1).id()),
          data(chunk.stream().map(Event::count).toList(), last ? sentiments : List.of())));
    }
    if (events.isEmpty() && !sentiments.isEmpty()) {
      out.add(new Message(null, data(List.of(), sentiments)));
    }
    return out;
  }

  /**
   * The changes a client that saw everything up to {@code lastId} (-1: nothing) must get, each
   * key once (its latest change), in id order.
   */
  synchronized List<Event> replayAfter(long lastId) {
    if (lastId >= 0 && lastId <= seq && (ring.isEmpty() ? lastId == seq : ring.peekFirst().id() <= lastId + 1)) {
      Map<WindowedCount.Key, Event> latest = new LinkedHashMap<>();
      for (Event e : ring) {
        if (e.id() > lastId) {
          latest.remove(e.count().key());
          latest.put(e.count().key(), e);
        }
      }
      return new ArrayList<>(latest.values());
    }
    List<Event> all = new ArrayList<>(state.values());
    all.sort(Comparator.comparingLong(Event::id));
    return all;
  }

  /** The sequence number of an id of this hub's epoch; -1 (send everything) for any other id. */
  long parseId(String id) {
    if (id == null) {
      return -1;
    }
    String prefix = epoch + "-";
    String trimmed = id.trim();
    if (!trimmed.startsWith(prefix)) {
      return -1;
    }
    try {
      return Long.parseLong(trimmed.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The current merged counts, in event order. */
  public synchronized List<WindowedCount> snapshot() {
    return replayAfter(-1).stream().map(Event::count).toList();
  }

  /** The sequence number of the last change (0 before the first); its event id is {@code epoch-sequence}. */
  public synchronized long lastEventId() {
    return seq;
  }

  /** This hub's epoch, the first part of its event ids. */
  public String epoch() {
    return epoch;
  }

  /** How many streams fell behind past their bound and were told to resync. */
  public synchronized long resyncedStreams() {
    return resyncedStreams;
  }

  public int connections() {
    return connections.size();
  }

  public synchronized long badMessages() {
    return badMessages;
  }

  /** Ends every open stream (on shutdown). */
  public void closeAll() {
    synchronized (sendLock) {
      for (SseStream c : new ArrayList<>(connections)) {
        c.close();
      }
      connections.clear();
    }
  }
}
