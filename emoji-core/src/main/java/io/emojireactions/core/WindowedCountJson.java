package io.emojireactions.core;

import io.emojireactions.core.internal.WindowedCountCodec;
import java.nio.charset.StandardCharsets;

/**
 * The output JSON contract of {@code emoji_main_publisher} and every fan-out topic, in one place:
 *
 * <pre>{@code
 * {"room":"global","window_start":"2025-10-29T22:31:00Z","window_end":"2025-10-29T22:31:02Z",
 *  "emoji":"❤️","reaction_count":120,"scaled_reactions":1,"final":false}
 * }</pre>
 *
 * Times are ISO-8601 UTC with a {@code Z} (fractional seconds only when not whole). The record key
 * is {@link #key(String, String)}. Thread-safe.
 *
 * <p>Reading also accepts the Python job's aggregates, so every consumer reads both formats:
 *
 * <pre>{@code
 * {"window_start": "2025-10-29 22:31:00", "window_end": "2025-10-29 22:31:02", "emoji": "❤️",
 *  "reaction_count": 3785, "scaled_reactions": 3785}
 * }</pre>
 *
 * An absent {@code room} is {@code "global"}, an absent {@code final} is false, and an instant
 * without a zone is UTC; an instant may have a space for the {@code T}. Otherwise reading is
 * strict: {@code window_start}, {@code window_end}, {@code emoji}, {@code reaction_count} and
 * {@code scaled_reactions} are required; exact JSON types (a present {@code room} a non-empty
 * string, a present {@code final} a boolean); counts whole numbers {@code >= 0}; instants whole
 * milliseconds; end after start; no duplicate keys; nothing after the object. Unknown fields are
 * ignored, so the contract can grow.
 */
public final class WindowedCountJson {

  private WindowedCountJson() {}

  /** UTF-8 JSON bytes of {@code count}, fields in the contract's order. */
  public static byte[] toJson(WindowedCount count) {
    return WindowedCountCodec.toJson(count);
  }

  /** {@link #toJson(WindowedCount)} as a String. */
  public static String toJsonString(WindowedCount count) {
    return new String(toJson(count), StandardCharsets.UTF_8);
  }

  /**
   * Parses a message of the output contract, or a Python-job aggregate (see above).
   *
   * @throws IllegalArgumentException with a message naming the problem, for anything else
   */
  public static WindowedCount fromJson(byte[] json) {
    return WindowedCountCodec.fromJson(json);
  }

  /** {@link #fromJson(byte[])} of a String. */
  public static WindowedCount fromJson(String json) {
    if (json == null) {
      throw new IllegalArgumentException("output message is null");
    }
    return fromJson(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The Kafka record key of an output message: room and emoji, so one emoji's updates stay on one partition. */
  public static String key(String room, String emoji) {
    return room + "|" + emoji;
  }
}
