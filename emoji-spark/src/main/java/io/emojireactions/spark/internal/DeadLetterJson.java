package io.emojireactions.spark.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The DLQ message, one JSON object, written in one place for both the streaming side output and
 * {@code EmojiTransforms.toDlqRecords}: {@code reason, message, source_topic, source_partition,
 * source_offset}, then {@code original} (the value when it is well-formed UTF-8) or {@code
 * original_base64} (RFC 4648, no line breaks); absent fields are omitted. The key is {@code
 * topic-partition@offset} of the source.
 */
public final class DeadLetterJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private DeadLetterJson() {}

  /** {@code topic-partition@offset}, or null when any part is unknown. */
  public static String key(String topic, Integer partition, Long offset) {
    if (topic == null || partition == null || offset == null) {
      return null;
    }
    return topic + "-" + partition + "@" + offset;
  }

  /** The JSON value as text ({@code originalText} null = not UTF-8: base64 of {@code original}). */
  public static String value(String reason, String message, String topic, Integer partition, Long offset,
      byte[] original, String originalText) {
    return new String(valueBytes(reason, message, topic, partition, offset, original, originalText), StandardCharsets.UTF_8);
  }

  /** As {@link #value}, UTF-8 bytes. */
  public static byte[] valueBytes(String reason, String message, String topic, Integer partition, Long offset,
      byte[] original, String originalText) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + (original == null ? 0 : original.length * 2));
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      field(g, "reason", reason);
      field(g, "message", message);
      field(g, "source_topic", topic);
      if (partition != null) {
        g.writeNumberField("source_partition", partition);
      }
      if (offset != null) {
        g.writeNumberField("source_offset", offset);
      }
      if (originalText != null) {
        g.writeStringField("original", originalText);
      } else if (original != null) {
        g.writeStringField("original_base64", Base64.getEncoder().encodeToString(original));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a DLQ message to memory", e);
    }
    return out.toByteArray();
  }

  private static void field(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }
}
