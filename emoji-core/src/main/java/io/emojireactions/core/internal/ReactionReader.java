package io.emojireactions.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.emojireactions.core.EmojiNormalizer;
import io.emojireactions.core.ParseResult;
import io.emojireactions.core.Reaction;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.RejectReason;
import io.emojireactions.core.RoomPolicy;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The implementation of {@link ReactionParser}: strict UTF-8 and size checks, then one pass over
 * the bytes, by {@link FlatRecordScanner} for the common flat shape or by Jackson's streaming
 * parser for every other, then the field rules in a fixed order (so the reason does not depend on
 * field order): {@code user_id}, {@code emoji_type}, {@code timestamp}, {@code room}. Both passes
 * feed the same rules, so the result never depends on which one read the record.
 */
public final class ReactionReader {

  /** Earliest accepted event time: 1970-01-01T00:00:00Z. */
  public static final long MIN_EVENT_MS = 0L;
  /** Latest accepted event time: 9999-12-31T23:59:59.999Z. */
  public static final long MAX_EVENT_MS = 253_402_300_799_999L;

  public static final int MAX_USER_ID_CHARS = 128;
  public static final int MAX_ROOM_CHARS = 128;

  private static final String USER_ID = "user_id";
  private static final String EMOJI_TYPE = "emoji_type";
  private static final String TIMESTAMP = "timestamp";
  private static final String ROOM = "room";

  private static final String TS_FORMS =
      "expected ISO-8601 yyyy-MM-dd[T| ]HH:mm[:ss[.fraction]][Z|±HH:MM] or an epoch number (s, ms, µs or ns by magnitude)";
  private static final String TS_RANGE = "1970-01-01T00:00:00Z..9999-12-31T23:59:59.999Z";

  private final int maxRecordBytes;
  private final ZoneId defaultZone;
  private final ZoneOffset fixedDefaultZone;
  private final EmojiNormalizer normalizer;
  private final long maxFutureSkewMs; // < 0: check off
  private final Clock clock;
  private final RoomPolicy roomPolicy;

  public ReactionReader(ReactionParser.Config config) {
    this.maxRecordBytes = config.maxRecordBytes();
    this.defaultZone = config.defaultZone();
    this.fixedDefaultZone =
        config.defaultZone().getRules().isFixedOffset() ? config.defaultZone().getRules().getOffset(Instant.EPOCH) : null;
    this.normalizer = EmojiNormalizer.create(config.foldSkinTones());
    long skew = -1;
    if (config.maxFutureSkew() != null) {
      try {
        skew = config.maxFutureSkew().toMillis();
      } catch (ArithmeticException tooLong) {
        skew = Long.MAX_VALUE;
      }
    }
    this.maxFutureSkewMs = skew;
    this.clock = config.clock();
    this.roomPolicy = config.roomPolicy();
  }

  /**
   * Reads one record: the byte checks, then the fast path for the common flat shape
   * ({@link FlatRecordScanner}) or Jackson for everything else, then the field rules.
   */
  public ParseResult parse(byte[] json) {
    ParseResult early = checkBytes(json);
    if (early != null) {
      return early;
    }
    RecordFields f = new RecordFields();
    if (!FlatRecordScanner.scan(json, f)) {
      return readWithJackson(json);
    }
    if (f.timestampToken == JsonToken.VALUE_STRING) {
      timestampText(f, f.timestampText, 0, f.timestampText.length);
    } else if (f.timestampToken == JsonToken.VALUE_NUMBER_INT || f.timestampToken == JsonToken.VALUE_NUMBER_FLOAT) {
      timestampNumber(f, f.timestampInteger, f.timestampFractionMillis);
    }
    return validate(f);
  }

  /**
   * The same rules as {@link #parse}, always through Jackson (never the fast path). Public only
   * so the tests and benchmarks can compare the two paths; everyone else calls {@link #parse}.
   */
  public ParseResult parseWithJackson(byte[] json) {
    ParseResult early = checkBytes(json);
    return early != null ? early : readWithJackson(json);
  }

  /** Null, size and encoding: the checks before any JSON is read. */
  private ParseResult checkBytes(byte[] json) {
    if (json == null) {
      return rejected(RejectReason.MALFORMED_JSON, "record value is null");
    }
    if (json.length > maxRecordBytes) {
      return rejected(
          RejectReason.TOO_LARGE, "record is " + json.length + " bytes, the limit is " + maxRecordBytes + " bytes");
    }
    String encodingProblem = encodingProblem(json);
    if (encodingProblem != null) {
      return rejected(RejectReason.MALFORMED_JSON, encodingProblem);
    }
    return null;
  }

  private ParseResult readWithJackson(byte[] json) {
    RecordFields f = new RecordFields();
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      JsonToken root = p.nextToken();
      if (root == null) {
        return rejected(RejectReason.MALFORMED_JSON, "record holds no JSON value");
      }
      if (root != JsonToken.START_OBJECT) {
        return rejected(RejectReason.BAD_FIELD_TYPE, "record must be a JSON object, but was " + describe(root));
      }
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken value = p.nextToken();
        switch (name) {
          case USER_ID:
            f.userIdToken = value;
            f.userId = value == JsonToken.VALUE_STRING ? p.getText() : null;
            break;
          case EMOJI_TYPE:
            f.emojiToken = value;
            f.emoji = value == JsonToken.VALUE_STRING ? p.getText() : null;
            break;
          case TIMESTAMP:
            f.timestampToken = value;
            readTimestamp(p, value, f);
            break;
          case ROOM:
            f.roomToken = value;
            f.room = value == JsonToken.VALUE_STRING ? p.getText() : null;
            break;
          default:
            break;
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        return rejected(RejectReason.MALFORMED_JSON, "the JSON object is not complete");
      }
      if (p.nextToken() != null) {
        return rejected(RejectReason.MALFORMED_JSON, "trailing data after the JSON object");
      }
    } catch (JsonProcessingException e) {
      return rejected(RejectReason.MALFORMED_JSON, "not valid JSON: " + Text.shorten(e.getOriginalMessage()));
    } catch (IOException | RuntimeException e) {
      // The contract is "never throw": anything Jackson raises on odd bytes is malformed input.
      return rejected(RejectReason.MALFORMED_JSON, "not valid JSON: " + Text.shorten(e.toString()));
    }
    return validate(f);
  }

  private ParseResult validate(RecordFields f) {
    // user_id
    if (isAbsent(f.userIdToken)) {
      return missing(USER_ID);
    }
    if (f.userIdToken != JsonToken.VALUE_STRING) {
      return wrongType(USER_ID, "a string", f.userIdToken);
    }
    String problem = Text.identifierProblem(f.userId, MAX_USER_ID_CHARS);
    if (problem != null) {
      return rejected(RejectReason.BAD_FIELD_VALUE, "user_id " + problem);
    }
    // emoji_type
    if (isAbsent(f.emojiToken)) {
      return missing(EMOJI_TYPE);
    }
    if (f.emojiToken != JsonToken.VALUE_STRING) {
      return wrongType(EMOJI_TYPE, "a string", f.emojiToken);
    }
    String emoji = normalizer.normalizeOrNull(f.emoji);
    if (emoji == null) {
      return rejected(RejectReason.NOT_AN_EMOJI, "emoji_type " + Text.snippet(f.emoji) + " is not exactly one emoji");
    }
    // timestamp
    if (isAbsent(f.timestampToken)) {
      return missing(TIMESTAMP);
    }
    if (f.timestampReason != null) {
      return rejected(f.timestampReason, f.timestampProblem);
    }
    if (maxFutureSkewMs >= 0) {
      long now = clock.millis();
      long limit = now > Long.MAX_VALUE - maxFutureSkewMs ? Long.MAX_VALUE : now + maxFutureSkewMs;
      if (f.timestampMs > limit) {
        return rejected(
            RejectReason.FUTURE_TIMESTAMP,
            "timestamp " + IsoTime.format(f.timestampMs) + " is " + (f.timestampMs - now)
                + " ms ahead of the clock, more than the allowed " + maxFutureSkewMs + " ms");
      }
    }
    // room
    String room = Reaction.DEFAULT_ROOM;
    if (!isAbsent(f.roomToken)) {
      if (f.roomToken != JsonToken.VALUE_STRING) {
        return wrongType(ROOM, "a string", f.roomToken);
      }
      problem = Text.identifierProblem(f.room, MAX_ROOM_CHARS);
      if (problem != null) {
        return rejected(RejectReason.BAD_FIELD_VALUE, "room " + problem);
      }
      room = f.room.equals(Reaction.DEFAULT_ROOM) ? Reaction.DEFAULT_ROOM : f.room;
    }
    // The room policy, last: it judges the room the reaction would be counted under.
    if (!roomPolicy.allows(room)) {
      return rejected(RejectReason.ROOM_NOT_ALLOWED, "room " + Text.snippet(room) + " " + roomPolicy.refusal());
    }
    return new ParseResult.Valid(new Reaction(room, f.userId, emoji, Instant.ofEpochMilli(f.timestampMs)));
  }

  private void readTimestamp(JsonParser p, JsonToken value, RecordFields f) throws IOException {
    f.timestampReason = null;
    switch (value) {
      case VALUE_STRING:
        timestampText(f, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        break;
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          timestampNumber(f, new BigDecimal(p.getBigIntegerValue()), p.getText());
        } else {
          timestampNumber(f, p.getLongValue(), 0);
        }
        break;
      case VALUE_NUMBER_FLOAT:
        // The exact decimal digits, never the double: 1761777060.123 must be ...060123 ms.
        timestampNumber(f, p.getDecimalValue(), p.getText());
        break;
      case VALUE_NULL:
        break;
      default:
        f.timestampReason = RejectReason.BAD_FIELD_TYPE;
        f.timestampProblem = "timestamp must be a string or a number, but was " + describe(value);
        break;
    }
  }

  /** The rule for a timestamp written as text: ISO-8601 within the accepted range. */
  private void timestampText(RecordFields f, char[] text, int off, int len) {
    long ms = IsoTime.parse(text, off, len, defaultZone, fixedDefaultZone, false);
    if (ms == IsoTime.INVALID || ms == IsoTime.NO_ZONE) {
      String value = new String(text, off, len);
      String hint = isDigits(value) ? "; an epoch number must be a JSON number, not a string" : "";
      badTimestamp(f, "timestamp " + Text.snippet(value) + " is not a date-time: " + TS_FORMS + hint);
    } else if (ms < MIN_EVENT_MS || ms > MAX_EVENT_MS) {
      badTimestamp(f, "timestamp " + Text.snippet(new String(text, off, len)) + " is outside " + TS_RANGE);
    } else {
      f.timestampMs = ms;
    }
  }

  /**
   * The rule for a timestamp written as a number that fits a long ({@link EpochNumber}): its
   * whole part and, for a fraction, the milliseconds of its first three fraction digits.
   */
  private static void timestampNumber(RecordFields f, long whole, int fractionMillis) {
    long ms = EpochNumber.toMillis(whole, fractionMillis);
    if (ms == EpochNumber.NEGATIVE) {
      badTimestamp(f, "timestamp " + whole + " is negative (before 1970); " + EpochNumber.RULE);
    } else {
      f.timestampMs = ms; // every non-negative long is within 1970..5138, inside the accepted range
    }
  }

  /** The rule for any other number ({@link EpochNumber}); {@code text} is the number as written. */
  private static void timestampNumber(RecordFields f, BigDecimal value, String text) {
    long ms = EpochNumber.toMillis(value);
    if (ms == EpochNumber.NEGATIVE) {
      badTimestamp(f, "timestamp " + Text.snippet(text) + " is negative (before 1970); " + EpochNumber.RULE);
    } else if (ms == EpochNumber.TOO_LARGE) {
      badTimestamp(f, "timestamp " + Text.snippet(text) + " is 1e20 or more, beyond every unit; " + EpochNumber.RULE);
    } else {
      f.timestampMs = ms;
    }
  }

  private static void badTimestamp(RecordFields f, String problem) {
    f.timestampReason = RejectReason.BAD_TIMESTAMP;
    f.timestampProblem = problem;
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && !(i == 0 && c == '-') && c != '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * JSON records are UTF-8 (RFC 8259). Jackson would silently decode UTF-16/32 (detected by zero
   * bytes or a byte-order mark), so those are refused here. A zero byte can never start valid
   * UTF-8 JSON. Jackson also lets overlong forms and encoded surrogates through, so the bytes
   * are validated as strict UTF-8 first (one cheap pass; ASCII bytes cost one compare each).
   */
  private static String encodingProblem(byte[] json) {
    if (json.length >= 2) {
      int b0 = json[0] & 0xff;
      int b1 = json[1] & 0xff;
      if ((b0 == 0xfe && b1 == 0xff) || (b0 == 0xff && b1 == 0xfe)) {
        return "not UTF-8: starts with a UTF-16/32 byte-order mark";
      }
    }
    for (int i = 0; i < Math.min(4, json.length); i++) {
      if (json[i] == 0) {
        return "not UTF-8 JSON: zero byte at offset " + i + " (UTF-16/32 or binary data?)";
      }
    }
    int bad = Utf8.firstInvalid(json);
    if (bad >= 0) {
      return "not UTF-8: invalid byte 0x" + Integer.toHexString(json[bad] & 0xff) + " at offset " + bad;
    }
    return null;
  }

  private static boolean isAbsent(JsonToken token) {
    return token == null || token == JsonToken.VALUE_NULL;
  }

  private static ParseResult missing(String field) {
    return rejected(RejectReason.MISSING_FIELD, field + " is required but missing or null");
  }

  private static ParseResult wrongType(String field, String expected, JsonToken actual) {
    return rejected(RejectReason.BAD_FIELD_TYPE, field + " must be " + expected + ", but was " + describe(actual));
  }

  private static String describe(JsonToken token) {
    switch (token) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.toString();
    }
  }

  private static ParseResult rejected(RejectReason reason, String message) {
    return new ParseResult.Rejected(reason, message);
  }
}
