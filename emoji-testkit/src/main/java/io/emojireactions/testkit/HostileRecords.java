package io.emojireactions.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes every kind of record a Kafka client can put on a topic ({@link Kind}) with plain
 * {@link KafkaProducer}s, for tests proving that a consumer survives all of them. The bad kinds
 * carry values no consumer of ours accepts; the good kinds (compression, headers, a null key, an
 * aborted transaction) carry a valid value the caller supplies, so a test can check it was
 * processed (or, for {@link Kind#ABORTED}, that it never was).
 *
 * <pre>{@code
 * List<HostileRecords.Written> written = HostileRecords.writeAll(bootstrap, "emoji_cluster_1", 256 * 1024,
 *     kind -> WindowedCountJson.toJson(countFor(kind)));
 * }</pre>
 *
 * Each record is acknowledged before the next is sent, so the list is in offset order per
 * partition. Seeded: the same call writes the same bytes.
 */
public final class HostileRecords {

  /** What a record is made of. */
  public enum Kind {
    /** A value of 0 bytes. */
    EMPTY_VALUE(false),
    /** A one-byte value, {@code x}. */
    ONE_BYTE(false),
    /** A null value (a tombstone) with a key. */
    TOMBSTONE(false),
    /** A null value and a null key. */
    NULL_KEY_AND_VALUE(false),
    /** 512 seeded random bytes as key and as value. */
    RANDOM_BYTES(false),
    /** JSON-looking bytes that are not UTF-8 (a lone continuation byte, an overlong form, 0xFF). */
    INVALID_UTF8(false),
    /** Nested arrays, 50,000 deep (fewer when the size limit is below 100 KB): far beyond any parser's nesting limit. */
    DEEP_JSON(false),
    /** An object holding a number of 100,000 digits (half the size limit when that is smaller). */
    HUGE_NUMBER(false),
    /** An object holding a string of half the size limit. */
    HUGE_STRING(false),
    /** A JSON object whose record batch is exactly the topic's {@code max.message.bytes} (one byte more is refused). */
    MAX_SIZE(false),
    /** A valid value with a null key. */
    NULL_KEY(true),
    /** A valid value in a gzip-compressed batch. */
    GZIP(true),
    /** A valid value in a snappy-compressed batch. */
    SNAPPY(true),
    /** A valid value in an lz4-compressed batch. */
    LZ4(true),
    /** A valid value in a zstd-compressed batch. */
    ZSTD(true),
    /** A valid value with odd headers: binary and null values, an empty and a repeated name, 200 of them. */
    HEADERS(true),
    /** A valid value in a transaction that is aborted: a read_committed consumer never sees it. */
    ABORTED(true);

    private final boolean valid;

    Kind(boolean valid) {
      this.valid = valid;
    }

    /** True when the record carries the caller's valid value (and should be processed, unless {@link #ABORTED}). */
    public boolean carriesValidValue() {
      return valid;
    }
  }

  /**
   * One record written.
   *
   * @param offset its offset; for {@link Kind#ABORTED}, the offset the aborted record took
   */
  public record Written(Kind kind, String topic, int partition, long offset, byte[] key, byte[] value) {
    @Override
    public String toString() {
      return kind + "@" + topic + "-" + partition + ":" + offset + " (" + (value == null ? "null" : value.length + " bytes") + ")";
    }
  }

  private static final long SEED = 20261203L;

  private HostileRecords() {}

  /**
   * Writes one record of each {@link Kind}, in the enum's order, to {@code topic}.
   *
   * @param maxMessageBytes the topic's {@code max.message.bytes} (for {@link Kind#MAX_SIZE})
   * @param validValue the valid value for each kind that {@link Kind#carriesValidValue() carries one}
   * @return the records written, in order
   * @throws IllegalStateException when the broker refused a record, or accepted one byte more than {@link Kind#MAX_SIZE}
   */
  public static List<Written> writeAll(String bootstrapServers, String topic, int maxMessageBytes, Function<Kind, byte[]> validValue) {
    Objects.requireNonNull(validValue, "validValue");
    List<Written> out = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      out.add(write(bootstrapServers, topic, maxMessageBytes, kind, kind.carriesValidValue() ? validValue.apply(kind) : null));
    }
    return Collections.unmodifiableList(out);
  }

  /** Writes one record of {@code kind}; {@code validValue} is used only by the kinds that carry one. */
  public static Written write(String bootstrapServers, String topic, int maxMessageBytes, Kind kind, byte[] validValue) {
    byte[] key = ("hostile-" + kind.name().toLowerCase()).getBytes(StandardCharsets.UTF_8);
    Random random = new Random(SEED + kind.ordinal());
    Properties props = producerProperties(bootstrapServers, maxMessageBytes);
    return switch (kind) {
      case EMPTY_VALUE -> send(props, kind, topic, key, new byte[0], null);
      case ONE_BYTE -> send(props, kind, topic, key, new byte[] {'x'}, null);
      case TOMBSTONE -> send(props, kind, topic, key, null, null);
      case NULL_KEY_AND_VALUE -> send(props, kind, topic, null, null, null);
      case RANDOM_BYTES -> {
        byte[] k = new byte[512];
        byte[] v = new byte[512];
        random.nextBytes(k);
        random.nextBytes(v);
        yield send(props, kind, topic, k, v, null);
      }
      case INVALID_UTF8 -> send(props, kind, topic, key,
          new byte[] {'{', '"', 'r', 'o', 'o', 'm', '"', ':', '"', (byte) 0x80, (byte) 0xC0, (byte) 0xAF, (byte) 0xFF, '"', '}'}, null);
      case DEEP_JSON -> send(props, kind, topic, key, ascii("[".repeat(depth(maxMessageBytes)) + "]".repeat(depth(maxMessageBytes))), null);
      case HUGE_NUMBER -> send(props, kind, topic, key, ascii("{\"reaction_count\":" + digits(random, Math.min(100_000, maxMessageBytes / 2)) + "}"), null);
      case HUGE_STRING -> send(props, kind, topic, key, ascii("{\"room\":\"" + "s".repeat(maxMessageBytes / 2) + "\"}"), null);
      case MAX_SIZE -> writeMaxSize(props, topic, key, maxMessageBytes);
      case NULL_KEY -> send(props, kind, topic, null, requireValid(kind, validValue), null);
      case GZIP, SNAPPY, LZ4, ZSTD -> {
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, kind.name().toLowerCase());
        yield send(props, kind, topic, key, requireValid(kind, validValue), null);
      }
      case HEADERS -> send(props, kind, topic, key, requireValid(kind, validValue), oddHeaders(random));
      case ABORTED -> writeAborted(props, topic, key, requireValid(kind, validValue));
    };
  }

  private static Properties producerProperties(String bootstrapServers, int maxMessageBytes) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    // Room for one record of the topic's limit and more, so the broker is the one that judges size.
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1 << 20, maxMessageBytes * 2));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Math.max(16 * 1024, maxMessageBytes * 2));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  private static Written send(Properties props, Kind kind, String topic, byte[] key, byte[] value, Iterable<Header> headers) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      RecordMetadata m = producer.send(new ProducerRecord<>(topic, null, null, key, value, headers)).get();
      return new Written(kind, topic, m.partition(), m.offset(), key, value);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the broker refused the " + kind + " record: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the " + kind + " record", e);
    }
  }

  /**
   * The largest record the topic takes: a value sized so that its batch (one record, no compression,
   * no headers, timestamp and offset deltas 0) is exactly {@code maxMessageBytes}; then checks that
   * one byte more is refused, so the limit really is the topic's.
   */
  private static Written writeMaxSize(Properties props, String topic, byte[] key, int maxMessageBytes) {
    int length = maxMessageBytes - DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
    while (batchSize(key, length) > maxMessageBytes) {
      length--;
    }
    Written written = send(props, Kind.MAX_SIZE, topic, key, sizedJson(length), null);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(topic, null, null, key, sizedJson(length + 1))).get();
      throw new IllegalStateException("the topic " + topic + " took a record one byte larger than " + maxMessageBytes
          + " bytes: pass its real max.message.bytes");
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof RecordTooLargeException)) {
        throw new IllegalStateException("the one-byte-larger record failed otherwise: " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return written;
  }

  private static int batchSize(byte[] key, int valueLength) {
    return DefaultRecordBatch.RECORD_BATCH_OVERHEAD
        + DefaultRecord.sizeInBytes(0, 0L, ByteBuffer.wrap(key), ByteBuffer.allocate(valueLength), new Header[0]);
  }

  /** {@code {"room":"ppp…"}} of exactly {@code length} bytes. */
  private static byte[] sizedJson(int length) {
    String head = "{\"room\":\"";
    String tail = "\"}";
    return ascii(head + "p".repeat(length - head.length() - tail.length()) + tail);
  }

  private static Written writeAborted(Properties props, String topic, byte[] key, byte[] value) {
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hostile-records-" + UUID.randomUUID());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      producer.initTransactions();
      producer.beginTransaction();
      RecordMetadata m = producer.send(new ProducerRecord<>(topic, key, value)).get();
      producer.abortTransaction();
      return new Written(Kind.ABORTED, topic, m.partition(), m.offset(), key, value);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the broker refused the ABORTED record: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the ABORTED record", e);
    }
  }

  private static Iterable<Header> oddHeaders(Random random) {
    RecordHeaders headers = new RecordHeaders();
    byte[] binary = new byte[64];
    random.nextBytes(binary);
    headers.add(new RecordHeader("binary", binary));
    headers.add(new RecordHeader("null", (byte[]) null));
    headers.add(new RecordHeader("", ascii("empty name")));
    headers.add(new RecordHeader("reason", ascii("NOT_A_DEAD_LETTER")));
    headers.add(new RecordHeader("reason", ascii("repeated")));
    headers.add(new RecordHeader("ünïcödé 🔥", "✓".getBytes(StandardCharsets.UTF_8)));
    for (int i = 0; i < 194; i++) {
      headers.add(new RecordHeader("h" + i, ascii(Integer.toString(i))));
    }
    return headers;
  }

  private static int depth(int maxMessageBytes) {
    return Math.min(50_000, (maxMessageBytes - 200) / 2);
  }

  private static byte[] requireValid(Kind kind, byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException("validValue must give a value for " + kind + ", but gave null");
    }
    return value;
  }

  private static String digits(Random random, int n) {
    StringBuilder sb = new StringBuilder(n);
    sb.append((char) ('1' + random.nextInt(9)));
    for (int i = 1; i < n; i++) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
