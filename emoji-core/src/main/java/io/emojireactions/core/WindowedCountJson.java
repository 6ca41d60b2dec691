package io.emojireactions.core;

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
 * <p>TODO(core): implementation to follow.
 */
public final class WindowedCountJson {

  private WindowedCountJson() {}

  /** UTF-8 JSON bytes of {@code count}, fields in the contract's order. */
  public static byte[] toJson(WindowedCount count) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Parses a message of the output contract.
   *
   * @throws IllegalArgumentException with a message naming the problem, for anything else
   */
  public static WindowedCount fromJson(byte[] json) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The Kafka record key of an output message: room and emoji, so one emoji's updates stay on one partition. */
  public static String key(String room, String emoji) {
    return room + "|" + emoji;
  }
}
