package io.emojireactions.apps.simulate.internal;

import io.emojireactions.core.RejectReason;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Broken records, one kind per {@link RejectReason}, each a small twist of an otherwise valid
 * record. Every twist is chosen so that exactly one reason applies under the input contract
 * (docs/ARCHITECTURE "Input contract"); ambiguous cases (an empty emoji, a boolean timestamp)
 * are deliberately not generated.
 */
public final class InvalidRecords {

  /** The reasons this class can produce: all but FUTURE_TIMESTAMP, which depends on a clock. */
  public static final Set<RejectReason> SUPPORTED =
      EnumSet.of(
          RejectReason.MALFORMED_JSON,
          RejectReason.MISSING_FIELD,
          RejectReason.BAD_FIELD_TYPE,
          RejectReason.BAD_FIELD_VALUE,
          RejectReason.BAD_TIMESTAMP,
          RejectReason.NOT_AN_EMOJI,
          RejectReason.TOO_LARGE);

  private static final String[] NOT_EMOJIS = {"lol", "A", ":heart:", "\uD83D\uDE02\uD83D\uDE02", "heart", "<3", "ok"};
  private static final String[] BAD_TIMESTAMPS = {
    "yesterday", "2025-13-45T25:61:00", "29/10/2025 22:31:00", "2025-10-29 at 22:31", "not-a-time"
  };
  private static final String[] FIELDS = {"user_id", "emoji_type", "timestamp"};

  private InvalidRecords() {}

  /**
   * A record that must be rejected with {@code reason}.
   *
   * @param valid the valid JSON object text of the same draw (used for truncation, padding)
   * @param userId, emoji, timestamp, room the fields of that valid record (room may be null)
   */
  public static String make(
      RejectReason reason,
      SplittableRandom random,
      String valid,
      String userId,
      String emoji,
      String timestamp,
      String room,
      int maxRecordBytes) {
    switch (reason) {
      case MALFORMED_JSON:
        switch (random.nextInt(3)) {
          case 0:
            return truncate(valid, random);
          case 1:
            return userId + " reacted " + emoji;
          default:
            return valid + "}"; // trailing data after the object
        }
      case MISSING_FIELD:
        {
          int missing = random.nextInt(FIELDS.length);
          boolean asNull = random.nextBoolean();
          return object(
              missing == 0 ? (asNull ? null : "") : quoted(userId),
              missing == 1 ? (asNull ? null : "") : quoted(emoji),
              missing == 2 ? (asNull ? null : "") : quoted(timestamp),
              room);
        }
      case BAD_FIELD_TYPE:
        switch (random.nextInt(3)) {
          case 0:
            return object(Integer.toString(random.nextInt(1, 100_000)), quoted(emoji), quoted(timestamp), room);
          case 1:
            return object(quoted(userId), Integer.toString(random.nextInt(1, 1000)), quoted(timestamp), room);
          default:
            return "[" + valid + "]";
        }
      case BAD_FIELD_VALUE:
        return object(random.nextBoolean() ? quoted("") : quoted("u".repeat(129)), quoted(emoji), quoted(timestamp), room);
      case BAD_TIMESTAMP:
        return object(quoted(userId), quoted(emoji), quoted(BAD_TIMESTAMPS[random.nextInt(BAD_TIMESTAMPS.length)]), room);
      case NOT_AN_EMOJI:
        return object(quoted(userId), quoted(NOT_EMOJIS[random.nextInt(NOT_EMOJIS.length)]), quoted(timestamp), room);
      case TOO_LARGE:
        {
          // A valid record made too large by an unknown (otherwise ignored) field.
          int padding = maxRecordBytes + 1 + random.nextInt(64);
          return valid.substring(0, valid.length() - 1) + ",\"comment\":\"" + "x".repeat(padding) + "\"}";
        }
      default:
        throw new IllegalArgumentException("cannot generate records rejected as " + reason + "; supported: " + SUPPORTED);
    }
  }

  /** A strict prefix of {@code json}, never splitting a surrogate pair; never a complete object. */
  private static String truncate(String json, SplittableRandom random) {
    int cut = 1 + random.nextInt(json.length() - 1);
    if (Character.isLowSurrogate(json.charAt(cut))) {
      cut--;
    }
    return json.substring(0, Math.max(1, cut));
  }

  private static String quoted(String value) {
    return JsonText.appendString(new StringBuilder(), value).toString();
  }

  /** The seed's field order; a null JSON text writes {@code null}, an empty one omits the field. */
  private static String object(String userIdJson, String emojiJson, String timestampJson, String room) {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    String[] values = {userIdJson, emojiJson, timestampJson};
    for (int i = 0; i < FIELDS.length; i++) {
      if (values[i] != null && values[i].isEmpty()) {
        continue;
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      JsonText.appendString(out, FIELDS[i]).append(':').append(values[i] == null ? "null" : values[i]);
    }
    if (room != null) {
      JsonText.appendField(out, first, "room", room);
    }
    return out.append('}').toString();
  }
}
