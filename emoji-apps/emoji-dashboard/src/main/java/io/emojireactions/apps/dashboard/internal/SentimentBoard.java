package io.emojireactions.apps.dashboard.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.WindowSentiment;
import io.emojireactions.core.WindowedCount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The dashboard's sentiment per (room, window): the max-merged counts of each (room, window),
 * scored with core's {@link SentimentLexicon#sentiment} (the one rule: count-weighted mean score
 * plus the unscored share; the page only displays the numbers). Not thread-safe: {@link EventHub}
 * calls it under its lock.
 */
final class SentimentBoard {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record RoomWindow(String room, long startMs) {
    static RoomWindow of(WindowedCount c) {
      return new RoomWindow(c.room(), c.window().startMs());
    }
  }

  private final SentimentLexicon lexicon;
  private final Map<RoomWindow, Map<String, WindowedCount>> windows = new HashMap<>();

  SentimentBoard(SentimentLexicon lexicon) {
    this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
  }

  /** Takes a merged count: it replaces the key's earlier one. */
  void put(WindowedCount merged) {
    windows.computeIfAbsent(RoomWindow.of(merged), k -> new HashMap<>()).put(merged.emoji(), merged);
  }

  /**
   * The sentiment of each (room, window) of {@code changed} still held, once each, in the order
   * they first appear: scored once per batch however many of its counts changed.
   */
  List<WindowSentiment> of(Collection<WindowedCount> changed) {
    Set<RoomWindow> keys = new LinkedHashSet<>();
    changed.forEach(c -> keys.add(RoomWindow.of(c)));
    List<WindowSentiment> out = new ArrayList<>(keys.size());
    for (RoomWindow k : keys) {
      Map<String, WindowedCount> counts = windows.get(k);
      if (counts != null) {
        out.add(sentiment(counts));
      }
    }
    return out;
  }

  /** Forgets windows that start before {@code minStartMs}. */
  void dropBefore(long minStartMs) {
    windows.keySet().removeIf(k -> k.startMs() < minStartMs);
  }

  /** The sentiment of every (room, window) held. */
  List<WindowSentiment> all() {
    List<WindowSentiment> out = new ArrayList<>(windows.size());
    windows.values().forEach(counts -> out.add(sentiment(counts)));
    return out;
  }

  private WindowSentiment sentiment(Map<String, WindowedCount> counts) {
    return lexicon.sentiment(counts.values()).get(0);
  }

  /**
   * One sentiment's JSON in the {@code updates} event: {@code room, window_start, window_end,
   * reactions, scored_reactions, sentiment} (null when nothing is scored) {@code , unscored_share}.
   */
  static String toJson(WindowSentiment s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("room", s.room());
    o.put("window_start", s.window().start().toString());
    o.put("window_end", s.window().end().toString());
    o.put("reactions", s.reactions());
    o.put("scored_reactions", s.scoredReactions());
    OptionalDouble v = s.sentiment();
    if (v.isPresent()) {
      o.put("sentiment", v.getAsDouble());
    } else {
      o.putNull("sentiment");
    }
    o.put("unscored_share", s.unscoredShare());
    return o.toString();
  }
}
