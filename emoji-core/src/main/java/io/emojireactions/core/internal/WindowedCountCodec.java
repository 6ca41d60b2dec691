package io.emojireactions.core.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.emojireactions.core.Reaction;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The implementation of {@link io.emojireactions.core.WindowedCountJson}. Reading accepts both
 * our output contract and the Python job's aggregates ({@code "2025-10-29 22:31:00"} naive UTC
 * times, no {@code room}, no {@code final}).
 */
public final class WindowedCountCodec {

  private static final SerializedString ROOM = new SerializedString("room");
  private static final SerializedString WINDOW_START = new SerializedString("window_start");
  private static final SerializedString WINDOW_END = new SerializedString("window_end");
  private static final SerializedString EMOJI = new SerializedString("emoji");
  private static final SerializedString REACTION_COUNT = new SerializedString("reaction_count");
  private static final SerializedString SCALED_REACTIONS = new SerializedString("scaled_reactions");
  private static final SerializedString FINAL = new SerializedString("final");

  private WindowedCountCodec() {}

  public static byte[] toJson(WindowedCount count) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(192)) {
      try (JsonGenerator g = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
        g.writeStartObject();
        g.writeFieldName(ROOM);
        writeUtf8(g, count.room());
        g.writeFieldName(WINDOW_START);
        g.writeString(IsoTime.format(count.window().startMs()));
        g.writeFieldName(WINDOW_END);
        g.writeString(IsoTime.format(count.window().endMs()));
        g.writeFieldName(EMOJI);
        writeUtf8(g, count.emoji());
        g.writeFieldName(REACTION_COUNT);
        g.writeNumber(count.reactionCount());
        g.writeFieldName(SCALED_REACTIONS);
        g.writeNumber(count.scaledReactions());
        g.writeFieldName(FINAL);
        g.writeBoolean(count.isFinal());
        g.writeEndObject();
      }
      return out.toByteArray();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot encode " + count + " as JSON: " + Text.shorten(e.getMessage()), e);
    }
  }

  /**
   * Jackson 2.15 writes characters outside the BMP (most emojis) as two {@code \\uXXXX} escapes;
   * the contract (and Spark's {@code to_json}) carries them as plain UTF-8, so strings go in as
   * UTF-8 bytes, which Jackson only escapes where JSON requires it.
   */
  private static void writeUtf8(JsonGenerator g, String s) throws IOException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          throw new IllegalArgumentException("string has an unpaired surrogate at index " + i + ": " + Text.snippet(s));
        }
      }
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    g.writeUTF8String(utf8, 0, utf8.length);
  }

  public static WindowedCount fromJson(byte[] json) {
    if (json == null) {
      throw new IllegalArgumentException("output message is null");
    }
    String room = Reaction.DEFAULT_ROOM; // the Python job's aggregates have no room
    String emoji = null;
    long start = 0;
    long end = 0;
    long reactionCount = 0;
    long scaled = 0;
    boolean isFinal = false; // nor a final flag
    int seen = 0; // bit per field, in contract order
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      JsonToken root = p.nextToken();
      if (root != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("output message must be a JSON object, but starts with " + root);
      }
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken value = p.nextToken();
        switch (name) {
          case "room":
            room = string(p, value, name);
            seen |= 1;
            break;
          case "window_start":
            start = instantMs(p, value, name);
            seen |= 2;
            break;
          case "window_end":
            end = instantMs(p, value, name);
            seen |= 4;
            break;
          case "emoji":
            emoji = string(p, value, name);
            seen |= 8;
            break;
          case "reaction_count":
            reactionCount = count(p, value, name);
            seen |= 16;
            break;
          case "scaled_reactions":
            scaled = count(p, value, name);
            seen |= 32;
            break;
          case "final":
            if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
              throw new IllegalArgumentException("field 'final' must be a boolean, but was " + value);
            }
            isFinal = value == JsonToken.VALUE_TRUE;
            seen |= 64;
            break;
          default:
            // Unknown fields are ignored, so the contract can grow without breaking readers.
            p.skipChildren();
            break;
        }
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("trailing data after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + Text.shorten(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + Text.shorten(e.getMessage()), e);
    }
    String[] names = {"room", "window_start", "window_end", "emoji", "reaction_count", "scaled_reactions", "final"};
    int required = 2 | 4 | 8 | 16 | 32; // room and final are optional
    for (int i = 0; i < names.length; i++) {
      if ((required & (1 << i)) != 0 && (seen & (1 << i)) == 0) {
        throw new IllegalArgumentException("field '" + names[i] + "' is missing");
      }
    }
    if (end <= start) {
      throw new IllegalArgumentException(
          "window_end " + IsoTime.format(end) + " must be after window_start " + IsoTime.format(start));
    }
    return new WindowedCount(room, new TimeWindow(start, end), emoji, reactionCount, scaled, isFinal);
  }

  private static String string(JsonParser p, JsonToken value, String name) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException("field '" + name + "' must be a string, but was " + value);
    }
    String s = p.getText();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("field '" + name + "' must not be empty");
    }
    return s;
  }

  private static long count(JsonParser p, JsonToken value, String name) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new IllegalArgumentException("field '" + name + "' must be a whole number, but was " + value);
    }
    long n = p.getLongValue();
    if (n < 0) {
      throw new IllegalArgumentException("field '" + name + "' must be >= 0, but was " + n);
    }
    return n;
  }

  private static long instantMs(JsonParser p, JsonToken value, String name) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException("field '" + name + "' must be an ISO-8601 string, but was " + value);
    }
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    // A time without a zone is UTC: the Python job writes its windows as "2025-10-29 22:31:00".
    long ms = IsoTime.parse(buf, off, len, ZoneOffset.UTC, ZoneOffset.UTC, false);
    if (ms != IsoTime.INVALID) {
      // IsoTime floors fractions; the contract only carries whole milliseconds.
      if (len > 23 && buf[off + 19] == '.') {
        for (int i = off + 23; i < off + len && buf[i] >= '0' && buf[i] <= '9'; i++) {
          if (buf[i] != '0') {
            throw new IllegalArgumentException("field '" + name + "' has a fraction finer than milliseconds");
          }
        }
      }
      return ms;
    }
    String text = p.getText();
    try {
      // Years outside 0000..9999 are written as ISO_INSTANT does (+10000-..., -0001-...).
      Instant instant = Instant.parse(text);
      if (instant.getNano() % 1_000_000 != 0) {
        throw new IllegalArgumentException("field '" + name + "' has a fraction finer than milliseconds");
      }
      return instant.toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "field '" + name + "' must be an ISO-8601 instant like 2025-10-29T22:31:00Z (or 2025-10-29 22:31:00, read as UTC),"
              + " but was " + Text.snippet(text));
    }
  }
}
