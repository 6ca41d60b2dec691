package io.emojireactions.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.CharTypes;
import io.emojireactions.core.DeadLetter;
import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.core.DeadLetterCodec.Decoded;
import io.emojireactions.core.DeadLetterCodec.Encoded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads {@link DeadLetterCodec}'s envelope. The bound is kept by construction: the
 * envelope is measured without the original, the rest of the budget goes to the original's
 * encoded form (its escaped length counted per code point with Jackson's own escape table), and
 * the result is measured again; should it still be over (it cannot with Jackson's default
 * escaping), the original is cut further by the excess.
 */
public final class DeadLetterWriter {

  /** Writing only; default features: non-ASCII as raw UTF-8, control characters as escapes. */
  private static final JsonFactory WRITE = new JsonFactory();
  private static final int[] ESCAPES = CharTypes.get7BitOutputEscapes();
  private static final int MAX_ATTEMPTS = 4;
  /**
   * Bytes of one supplementary code point (an emoji such as U+1F600): Jackson 2.15 writes it as a
   * {@code \\uD83D\\uDE00} escape pair (12 bytes), later versions may write its 4 UTF-8 bytes;
   * measured once rather than assumed.
   */
  private static final int SUPPLEMENTARY_BYTES = measureSupplementary();

  private DeadLetterWriter() {}

  public static Encoded write(DeadLetter d, int maxBytes) {
    String key = DeadLetterCodec.key(d.sourceTopic(), d.sourcePartition(), d.sourceOffset());
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    String message = cut(d.message(), DeadLetterCodec.MAX_MESSAGE_CHARS);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(DeadLetterCodec.REASON, d.reason());
    if (message != null) {
      headers.put(DeadLetterCodec.MESSAGE, message);
    }
    if (d.sourceTopic() != null) {
      headers.put(DeadLetterCodec.SOURCE_TOPIC, d.sourceTopic());
    }
    if (d.sourcePartition() != null) {
      headers.put(DeadLetterCodec.SOURCE_PARTITION, Integer.toString(d.sourcePartition()));
    }
    if (d.sourceOffset() != null) {
      headers.put(DeadLetterCodec.SOURCE_OFFSET, Long.toString(d.sourceOffset()));
    }
    byte[] original = d.original();
    if (original == null) {
      byte[] value = json(d, message, null, false, null, 0);
      return checked(new Encoded(keyBytes, value, headers), maxBytes);
    }
    String text = utf8OrNull(original);
    String sha256 = sha256(original);
    // The envelope with an empty original and "truncated":false (longer than true): the fixed part.
    int fixed = new Encoded(keyBytes, json(d, message, sha256, false, text == null ? null : "", 0), headers).sizeInBytes();
    int budget = maxBytes - fixed;
    if (budget < 0) {
      throw new IllegalStateException("the dead-letter envelope without its original takes " + fixed + " bytes, over " + maxBytes);
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      byte[] value;
      if (text != null) {
        int chars = charsThatFit(text, budget);
        String kept = text.substring(0, chars);
        value = json(d, message, sha256, chars < text.length(), kept, 0);
      } else {
        int keptBytes = (int) Math.min(original.length, (budget / 4L) * 3L);
        value = json(d, message, sha256, keptBytes < original.length, null, keptBytes);
      }
      Encoded encoded = new Encoded(keyBytes, value, headers);
      int excess = encoded.sizeInBytes() - maxBytes;
      if (excess <= 0) {
        return encoded;
      }
      budget -= excess;
    }
    throw new IllegalStateException("could not fit a dead letter into " + maxBytes + " bytes");
  }

  private static Encoded checked(Encoded e, int maxBytes) {
    if (e.sizeInBytes() > maxBytes) {
      throw new IllegalStateException("the dead-letter envelope takes " + e.sizeInBytes() + " bytes, over " + maxBytes);
    }
    return e;
  }

  /**
   * The JSON value. {@code text} non-null: the original as text ({@code "original"}); else
   * {@code sha256} non-null: the first {@code base64Bytes} of the original in base64.
   */
  private static byte[] json(DeadLetter d, String message, String sha256, boolean truncated, String text, int base64Bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (text == null ? base64Bytes * 4 / 3 + 4 : text.length() * 2));
    try (JsonGenerator g = WRITE.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField(DeadLetterCodec.REASON, d.reason());
      if (message != null) {
        g.writeStringField(DeadLetterCodec.MESSAGE, message);
      }
      if (d.sourceTopic() != null) {
        g.writeStringField(DeadLetterCodec.SOURCE_TOPIC, d.sourceTopic());
      }
      if (d.sourcePartition() != null) {
        g.writeNumberField(DeadLetterCodec.SOURCE_PARTITION, d.sourcePartition());
      }
      if (d.sourceOffset() != null) {
        g.writeNumberField(DeadLetterCodec.SOURCE_OFFSET, d.sourceOffset());
      }
      if (d.sourceTimestamp() != null) {
        g.writeStringField(DeadLetterCodec.SOURCE_TIMESTAMP, d.sourceTimestamp().toString());
      }
      if (d.original() != null) {
        g.writeNumberField(DeadLetterCodec.ORIGINAL_SIZE, d.original().length);
        g.writeStringField(DeadLetterCodec.ORIGINAL_SHA256, sha256);
      }
      g.writeBooleanField(DeadLetterCodec.TRUNCATED, truncated);
      if (text != null) {
        g.writeStringField(DeadLetterCodec.ORIGINAL, text);
      } else if (d.original() != null) {
        g.writeStringField(DeadLetterCodec.ORIGINAL_BASE64,
            Base64.getEncoder().encodeToString(
                base64Bytes == d.original().length ? d.original() : Arrays.copyOf(d.original(), base64Bytes)));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a dead letter to memory", e);
    }
    return out.toByteArray();
  }

  /** How many chars of {@code text} (a whole number of code points) fit in {@code budget} bytes of JSON string content. */
  static int charsThatFit(String text, int budget) {
    long used = 0;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int n = Character.charCount(cp);
      used += jsonBytes(cp);
      if (used > budget) {
        return i;
      }
      i += n;
    }
    return i;
  }

  /** Bytes Jackson's UTF-8 generator writes for one code point inside a string. */
  static int jsonBytes(int cp) {
    if (cp < 0x80) {
      int escape = ESCAPES[cp];
      return escape == 0 ? 1 : escape > 0 ? 2 : 6;
    }
    return cp < 0x800 ? 2 : cp < 0x10000 ? 3 : SUPPLEMENTARY_BYTES;
  }

  private static int measureSupplementary() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = WRITE.createGenerator(out)) {
      g.writeString(new String(Character.toChars(0x1F600)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size() - 2; // without the quotes
  }

  /** The first {@code max} characters of {@code s}, not splitting a surrogate pair; null stays null. */
  static String cut(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }

  private static String utf8OrNull(byte[] value) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String sha256(byte[] value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Reads an envelope; unknown fields are ignored. */
  public static Decoded read(byte[] value) {
    String reason = null;
    String message = null;
    String topic = null;
    Integer partition = null;
    Long offset = null;
    Instant timestamp = null;
    Long size = null;
    String sha = null;
    boolean truncated = false;
    byte[] original = null;
    boolean base64 = false;
    try (JsonParser p = Json.FACTORY.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a dead letter is a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case DeadLetterCodec.REASON -> reason = p.getValueAsString();
          case DeadLetterCodec.MESSAGE -> message = p.getValueAsString();
          case DeadLetterCodec.SOURCE_TOPIC -> topic = p.getValueAsString();
          case DeadLetterCodec.SOURCE_PARTITION -> partition = p.getIntValue();
          case DeadLetterCodec.SOURCE_OFFSET -> offset = p.getLongValue();
          case DeadLetterCodec.SOURCE_TIMESTAMP -> timestamp = Instant.parse(p.getValueAsString());
          case DeadLetterCodec.ORIGINAL_SIZE -> size = p.getLongValue();
          case DeadLetterCodec.ORIGINAL_SHA256 -> sha = p.getValueAsString();
          case DeadLetterCodec.TRUNCATED -> truncated = p.getBooleanValue();
          case DeadLetterCodec.ORIGINAL -> original = p.getValueAsString().getBytes(StandardCharsets.UTF_8);
          case DeadLetterCodec.ORIGINAL_BASE64 -> {
            original = Base64.getDecoder().decode(p.getValueAsString());
            base64 = true;
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a dead-letter envelope: " + e.getMessage(), e);
    }
    if (reason == null) {
      throw new IllegalArgumentException("not a dead-letter envelope: no \"reason\"");
    }
    return new Decoded(reason, message, topic, partition, offset, timestamp, size, sha, truncated, original, base64);
  }
}
