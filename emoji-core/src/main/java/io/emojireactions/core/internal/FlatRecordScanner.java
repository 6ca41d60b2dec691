package io.emojireactions.core.internal;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;

/**
 * The parser's fast path: reads the record shape nearly every producer writes, a flat JSON
 * object whose members are only the known fields ({@code user_id}, {@code emoji_type},
 * {@code timestamp}, {@code room}), each at most once, with string values free of escapes and
 * control characters and a timestamp that is a string or a non-negative number of at most 18
 * whole digits, with or without a fraction of at most 18 digits (no exponent).
 *
 * <p>It only recognises; it never judges. On anything outside that shape, well-formed or not (an
 * escape, an unknown or repeated key, a nested value, {@code null}, an exponent, a leading zero,
 * trailing bytes), it answers {@code false} and {@link ReactionReader} reads the record with
 * Jackson instead. So the JSON grammar stays Jackson's and the field rules stay
 * {@link ReactionReader}'s; this class only saves Jackson's per-record set-up, its duplicate-key
 * set and its buffers on the common shape. {@code ReactionParserFastPathTest} checks that both
 * paths give equal results on the malformed corpus, the fuzz corpus and generated records.
 *
 * <p>The bytes must already be valid UTF-8 (the reader checks that first).
 */
final class FlatRecordScanner {

  static final int USER_ID = 0;
  static final int EMOJI_TYPE = 1;
  static final int TIMESTAMP = 2;
  static final int ROOM = 3;
  private static final int UNKNOWN = -1;

  private static final byte[][] NAMES = {
    "user_id".getBytes(StandardCharsets.US_ASCII),
    "emoji_type".getBytes(StandardCharsets.US_ASCII),
    "timestamp".getBytes(StandardCharsets.US_ASCII),
    "room".getBytes(StandardCharsets.US_ASCII),
  };

  /** Jackson rejects longer strings; a record no longer than this cannot hold one. */
  private static final int MAX_STRING_CHARS = Json.FACTORY.streamReadConstraints().getMaxStringLength();

  /** 18 digits always fit a long; longer integers are left to Jackson. */
  private static final int MAX_INT_DIGITS = 18;

  /** Longer fractions are left to Jackson (whose number-length limit then decides). */
  private static final int MAX_FRACTION_DIGITS = 18;

  private FlatRecordScanner() {}

  /**
   * Fills {@code f} from {@code b} and answers true when {@code b} has the flat shape; answers
   * false (with {@code f} in an unspecified state) otherwise.
   */
  static boolean scan(byte[] b, RecordFields f) {
    int n = b.length;
    if (n > MAX_STRING_CHARS) {
      return false; // a string this long may be over Jackson's limit, which makes the record malformed
    }
    int i = skipWhitespace(b, 0);
    if (i >= n || b[i] != '{') {
      return false;
    }
    int seen = 0;
    i++;
    while (true) {
      i = skipWhitespace(b, i);
      if (i >= n || b[i] != '"') {
        return false;
      }
      int keyStart = ++i;
      while (i < n && b[i] != '"' && b[i] != '\\') {
        i++;
      }
      if (i >= n || b[i] != '"') {
        return false;
      }
      int field = field(b, keyStart, i - keyStart);
      if (field == UNKNOWN || (seen & (1 << field)) != 0) {
        return false; // Jackson decides what an unknown or repeated key means
      }
      seen |= 1 << field;
      i = skipWhitespace(b, i + 1);
      if (i >= n || b[i] != ':') {
        return false;
      }
      i = skipWhitespace(b, i + 1);
      if (i >= n) {
        return false;
      }
      if (b[i] == '"') {
        int start = ++i;
        int c;
        while (i < n && (c = b[i]) != '"') {
          if (c == '\\' || (c >= 0 && c < 0x20)) {
            return false;
          }
          i++;
        }
        if (i >= n || !setString(f, field, b, start, i - start)) {
          return false;
        }
        i++;
      } else if (field == TIMESTAMP && b[i] >= '0' && b[i] <= '9') {
        int start = i;
        long value = 0;
        while (i < n && b[i] >= '0' && b[i] <= '9') {
          value = value * 10 + (b[i] - '0');
          i++;
        }
        int digits = i - start;
        if (digits > MAX_INT_DIGITS || (digits > 1 && b[start] == '0')) {
          return false;
        }
        f.timestampToken = JsonToken.VALUE_NUMBER_INT;
        f.timestampInteger = value;
        f.timestampFractionMillis = 0;
        if (i < n && b[i] == '.') {
          // Python's time.time() shape: only the first three digits can matter (EpochNumber floors
          // to the millisecond), the rest are read over.
          int fractionStart = ++i;
          int millis = 0;
          while (i < n && b[i] >= '0' && b[i] <= '9') {
            if (i - fractionStart < 3) {
              millis = millis * 10 + (b[i] - '0');
            }
            i++;
          }
          int fractionDigits = i - fractionStart;
          if (fractionDigits == 0 || fractionDigits > MAX_FRACTION_DIGITS) {
            return false;
          }
          for (int k = fractionDigits; k < 3; k++) {
            millis *= 10;
          }
          f.timestampToken = JsonToken.VALUE_NUMBER_FLOAT;
          f.timestampFractionMillis = millis;
        }
      } else {
        return false;
      }
      i = skipWhitespace(b, i);
      if (i >= n) {
        return false;
      }
      if (b[i] == '}') {
        return skipWhitespace(b, i + 1) == n;
      }
      if (b[i] != ',') {
        return false; // also a number running into a letter, '.', 'e': Jackson's to judge
      }
      i++;
    }
  }

  private static boolean setString(RecordFields f, int field, byte[] b, int start, int len) {
    switch (field) {
      case USER_ID:
        f.userIdToken = JsonToken.VALUE_STRING;
        f.userId = new String(b, start, len, StandardCharsets.UTF_8);
        return true;
      case EMOJI_TYPE:
        f.emojiToken = JsonToken.VALUE_STRING;
        f.emoji = new String(b, start, len, StandardCharsets.UTF_8);
        return true;
      case ROOM:
        f.roomToken = JsonToken.VALUE_STRING;
        f.room = new String(b, start, len, StandardCharsets.UTF_8);
        return true;
      default: // TIMESTAMP: ASCII only (any other character makes it invalid; Jackson's path says why)
        char[] chars = new char[len];
        for (int k = 0; k < len; k++) {
          byte c = b[start + k];
          if (c < 0) {
            return false;
          }
          chars[k] = (char) c;
        }
        f.timestampToken = JsonToken.VALUE_STRING;
        f.timestampText = chars;
        return true;
    }
  }

  private static int field(byte[] b, int start, int len) {
    for (int field = 0; field < NAMES.length; field++) {
      byte[] name = NAMES[field];
      if (name.length == len && java.util.Arrays.equals(b, start, start + len, name, 0, len)) {
        return field;
      }
    }
    return UNKNOWN;
  }

  /** JSON's four whitespace bytes (RFC 8259). */
  private static int skipWhitespace(byte[] b, int i) {
    while (i < b.length) {
      byte c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        break;
      }
      i++;
    }
    return i;
  }
}
