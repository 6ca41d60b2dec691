package io.emojireactions.apps.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emojireactions.core.TimeWindow;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One alert: a spike of one emoji in a room, or a swing of a room's sentiment, with its evidence.
 *
 * <p>{@link #id()} — kind, room, emoji and window start — is the alert's identity: the same data
 * always yields the same id, so a replay is recognized as a duplicate. It is the Kafka record key
 * on {@code emoji_alerts}.
 *
 * @param kind {@link Kind#SPIKE} or {@link Kind#SENTIMENT_SWING}
 * @param room the room
 * @param emoji the emoji of a spike; null for a sentiment swing
 * @param window the window that crossed the threshold
 * @param value the window's count (spike) or sentiment (swing)
 * @param baseline the EWMA mean of the earlier windows, in the value's units (for a spike the
 *     square of the EWMA of √count)
 * @param stddev the EWMA standard deviation of the earlier windows: of √count for a spike, of the
 *     sentiment for a swing
 * @param z the z-score that crossed the threshold
 */
public record Alert(Kind kind, String room, String emoji, TimeWindow window, double value, double baseline, double stddev, double z) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What happened. */
  public enum Kind {
    SPIKE("spike"),
    SENTIMENT_SWING("sentiment_swing");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    /** The name in JSON and in ids. */
    public String wire() {
      return wire;
    }
  }

  public Alert {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(window, "window");
    if (kind == Kind.SPIKE) {
      Objects.requireNonNull(emoji, "emoji of a spike");
    }
  }

  /** {@code kind|room|emoji|window_start}, e.g. {@code spike|global|🔥|2025-10-29T22:31:00Z}. */
  public String id() {
    return kind.wire() + "|" + room + "|" + (emoji == null ? "" : emoji) + "|" + window.start();
  }

  /**
   * The message on {@code emoji_alerts}, e.g.
   * {@code {"id":"spike|global|🔥|…","kind":"spike","room":"global","emoji":"🔥","window_start":"…",
   * "window_end":"…","count":404,"baseline":7.7,"z":34.7}}; a swing has {@code "sentiment"}
   * instead of {@code "count"}, a {@code "stddev"} of the sentiment, and no emoji.
   */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id());
    o.put("kind", kind.wire());
    o.put("room", room);
    if (emoji != null) {
      o.put("emoji", emoji);
    }
    o.put("window_start", window.start().toString());
    o.put("window_end", window.end().toString());
    if (kind == Kind.SPIKE) {
      o.put("count", (long) value);
    } else {
      o.put("sentiment", round(value));
    }
    o.put("baseline", round(baseline));
    if (kind == Kind.SENTIMENT_SWING) {
      o.put("stddev", round(stddev));
    }
    o.put("z", round(z));
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] toJsonBytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }

  /** Evidence to 4 decimals: enough to read, and stable text for the same data. */
  private static double round(double v) {
    return Math.round(v * 10_000.0) / 10_000.0;
  }
}
