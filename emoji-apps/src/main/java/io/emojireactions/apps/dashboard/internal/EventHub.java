package io.emojireactions.apps.dashboard.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.WindowSentiment;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventConnectionCallback;
import java.util.ArrayDeque;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's state and its Server-Sent Events fan-out. Incoming window counts are
 * max-merged per (room, window, emoji); each change becomes one {@code update} event whose id is
 * a sequence number. A new browser gets the current state (one event per key); a reconnecting
 * one sends {@code Last-Event-ID} and gets exactly the events after it, from a ring of the last
 * {@code ringSize} events (or the whole state when it fell out of the ring). Only windows within
 * {@code keepMs} of the newest are kept.
 *
 * <p>Besides the numbered {@code update} events, two unnumbered kinds (they carry no id, so
 * {@code Last-Event-ID} keeps naming the last update): a {@code sentiment} event with the
 * (room, window)'s sentiment after each update that changed it ({@link SentimentBoard}), and an
 * {@code alert} event per alert message of the alert topic (its JSON as published, once per id). A
 * new or reconnecting browser also gets every held window's sentiment and the last
 * {@value #RECENT_ALERTS} alerts. Thread-safe: one lock orders state changes and sends.
 *
 * <p>Why the open connections are a concurrent set that a closing connection leaves without that
 * lock: Undertow runs a connection's close tasks while holding the connection's own monitor (the
 * one {@code send} takes). Were the close task to take the hub's lock, a broadcast (hub lock, then
 * connection monitor) and a browser leaving mid-broadcast (connection monitor, then hub lock)
 * would deadlock, freezing every browser's stream.
 */
public final class EventHub implements ServerSentEventConnectionCallback {

  /** An event sent: its id and the merged count it carries. */
  record Event(long id, WindowedCount count) {}

  /** How many of the latest alerts a connecting browser gets. */
  static final int RECENT_ALERTS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int ringSize;
  private final long keepMs;
  private final Map<WindowedCount.Key, Event> state = new HashMap<>();
  private final ArrayDeque<Event> ring = new ArrayDeque<>();
  private final Set<ServerSentEventConnection> connections = ConcurrentHashMap.newKeySet();
  private long seq;
  private long newestStartMs = Long.MIN_VALUE;
  private long badMessages;
  private long badAlerts;
  private final SentimentBoard sentiment;
  /** The latest alerts by id, oldest first. */
  private final LinkedHashMap<String, String> alerts = new LinkedHashMap<>();

  /** A hub scoring sentiment with the Emoji Sentiment Ranking. */
  public EventHub(int ringSize, long keepMs) {
    this(ringSize, keepMs, SentimentLexicon.emojiSentimentRanking());
  }

  public EventHub(int ringSize, long keepMs, SentimentLexicon lexicon) {
    this.ringSize = ringSize;
    this.keepMs = keepMs;
    this.sentiment = new SentimentBoard(lexicon);
  }

  /** Takes one message of the output contract; a bad one is counted and skipped. */
  public void accept(byte[] json) {
    WindowedCount count;
    try {
      count = WindowedCountJson.fromJson(json);
    } catch (IllegalArgumentException e) {
      synchronized (this) {
        badMessages++;
      }
      return;
    }
    accept(count);
  }

  /** Max-merges one count; sends an event when it changed the state. */
  public synchronized void accept(WindowedCount count) {
    if (newestStartMs != Long.MIN_VALUE && count.window().startMs() < newestStartMs - keepMs) {
      return; // older than anything shown
    }
    WindowedCount.Key key = count.key();
    Event old = state.get(key);
    WindowedCount merged = old == null ? count : old.count().mergeMax(count);
    if (old != null && merged.equals(old.count())) {
      return;
    }
    Event e = new Event(++seq, merged);
    state.put(key, e);
    ring.addLast(e);
    if (ring.size() > ringSize) {
      ring.removeFirst();
    }
    if (count.window().startMs() > newestStartMs) {
      newestStartMs = count.window().startMs();
      state.values().removeIf(ev -> ev.count().window().startMs() < newestStartMs - keepMs);
      sentiment.dropBefore(newestStartMs - keepMs);
    }
    String data = WindowedCountJson.toJsonString(merged);
    String sentimentData = SentimentBoard.toJson(sentiment.update(merged));
    for (ServerSentEventConnection c : connections) {
      c.send(data, "update", Long.toString(e.id()), null);
      c.send(sentimentData, "sentiment", null, null);
    }
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
    synchronized (this) {
      if (alerts.containsKey(id)) {
        return;
      }
      alerts.put(id, data);
      if (alerts.size() > RECENT_ALERTS) {
        alerts.remove(alerts.keySet().iterator().next());
      }
      for (ServerSentEventConnection c : connections) {
        c.send(data, "alert", null, null);
      }
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

  public synchronized long badAlerts() {
    return badAlerts;
  }

  @Override
  public synchronized void connected(ServerSentEventConnection connection, String lastEventId) {
    List<Event> replay = replayAfter(parseId(lastEventId));
    for (Event e : replay) {
      connection.send(WindowedCountJson.toJsonString(e.count()), "update", Long.toString(e.id()), null);
    }
    for (WindowSentiment s : sentiment.all()) {
      connection.send(SentimentBoard.toJson(s), "sentiment", null, null);
    }
    for (String a : alerts.values()) {
      connection.send(a, "alert", null, null);
    }
    connection.sendRetry(1_000);
    connections.add(connection);
    connection.addCloseTask(connections::remove); // never the hub's lock here: see the class comment
    if (!connection.isOpen()) {
      connections.remove(connection); // it closed before its close task was registered
    }
  }

  /** The events a client that saw everything up to {@code lastId} (-1: nothing) must get. */
  synchronized List<Event> replayAfter(long lastId) {
    if (lastId >= 0 && lastId <= seq && (ring.isEmpty() ? lastId == seq : ring.peekFirst().id() <= lastId + 1)) {
      List<Event> out = new ArrayList<>();
      for (Event e : ring) {
        if (e.id() > lastId) {
          out.add(e);
        }
      }
      return out;
    }
    List<Event> all = new ArrayList<>(state.values());
    all.sort(Comparator.comparingLong(Event::id));
    return all;
  }

  private static long parseId(String id) {
    if (id == null || id.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The current merged counts, in event order. */
  public synchronized List<WindowedCount> snapshot() {
    return replayAfter(-1).stream().map(Event::count).toList();
  }

  public synchronized long lastEventId() {
    return seq;
  }

  public int connections() {
    return connections.size();
  }

  public synchronized long badMessages() {
    return badMessages;
  }

  /** Ends every open stream (on shutdown). */
  public synchronized void closeAll() {
    for (ServerSentEventConnection c : new ArrayList<>(connections)) {
      c.shutdown();
    }
    connections.clear();
  }
}
