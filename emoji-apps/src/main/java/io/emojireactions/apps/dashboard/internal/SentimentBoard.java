package io.emojireactions.apps.dashboard.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.WindowSentiment;
import io.emojireactions.core.WindowedCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The dashboard's sentiment per (room, window): the max-merged counts of each (room, window),
 * scored with core's {@link SentimentLexicon#sentiment} (the one rule: count-weighted mean score
 * plus the unscored share; the page only displays the numbers). Not thread-safe: {@link EventHub}
 * calls it under its lock.
 */
final class SentimentBoard {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record RoomWindow(String room, long startMs) {}

  private final SentimentLexicon lexicon;
  private final Map<RoomWindow, Map<String, WindowedCount>> windows = new HashMap<>();

  SentimentBoard(SentimentLexicon lexicon) {
    this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
  }

  /** Takes a merged count (it replaces the key's earlier one) and returns its window's sentiment. */
  WindowSentiment update(WindowedCount merged) {
    Map<String, WindowedCount> counts =
        windows.computeIfAbsent(new RoomWindow(merged.room(), merged.window().startMs()), k -> new HashMap<>());
    counts.put(merged.emoji(), merged);
    return sentiment(counts);
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
   * The {@code sentiment} event's data: {@code room, window_start, window_end, reactions,
   * scored_reactions, sentiment} (null when nothing is scored) {@code , unscored_share}.
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
