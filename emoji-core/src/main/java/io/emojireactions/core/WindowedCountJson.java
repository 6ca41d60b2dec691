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
 * <p>Reading is strict about the seven fields (all required, exact JSON types, counts whole
 * numbers {@code >= 0}, instants whole milliseconds with a zone, end after start, no duplicate
 * keys, nothing after the object) and ignores unknown fields, so the contract can grow.
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
   * Parses a message of the output contract.
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
