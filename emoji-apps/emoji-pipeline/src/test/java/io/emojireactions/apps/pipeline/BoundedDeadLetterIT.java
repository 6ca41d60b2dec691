package io.emojireactions.apps.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.internal.CommandLines;
import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.testkit.TopicIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Hostile records of the largest size a Kafka client can write, on a real broker through {@code
 * emoji pipeline}: each goes to the DLQ as one envelope within the bound (key + value + headers),
 * with its size, SHA-256 and as much of it as fits, and the valid records beside them are counted
 * exactly. And when the DLQ refuses a record, the pipeline stops naming it and a restart after
 * the DLQ is fixed continues with the same micro-batch.
 */
class BoundedDeadLetterIT {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);

  private static String reaction(String emoji, int second) {
    return "{\"user_id\":\"u\",\"emoji_type\":\"" + emoji + "\",\"timestamp\":\"2025-10-29T22:31:" + (10 + second) + "Z\"}";
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** A plain Kafka client, as any writer of the input topic could be. */
  private static KafkaProducer<byte[], byte[]> producer(String compression, int maxRequestSize) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequestSize));
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Each sent record's Kafka timestamp, by topic and offset. */
  private static final Map<String, Long> TIMESTAMPS = new java.util.concurrent.ConcurrentHashMap<>();

  private static long send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value) throws Exception {
    org.apache.kafka.clients.producer.RecordMetadata m = producer.send(new ProducerRecord<>(topic, value)).get();
    TIMESTAMPS.put(topic + "@" + m.offset(), m.timestamp());
    return m.offset();
  }

  private static int run(String[] args, StringWriter err) {
    CommandLine cli = CommandLines.of(new PipelineCommand(), new DebugCommand());
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static String[] pipeline(String prefix, Path checkpoint) {
    return new String[] {"pipeline", "--bootstrap-servers", KAFKA.bootstrapServers(), "--input-topic", prefix + "_reactions",
        "--output-topic", prefix + "_main", "--dlq-topic", prefix + "_dlq", "--trigger", "available-now",
        "--lateness", "10m", "--checkpoint", checkpoint.toString(), "--master", "local[2]"};
  }

  /** (emoji → count) of the output: every reaction is in the window 22:31:10; update mode re-emits, so max-merge. */
  private static Map<String, Long> counts(String topic) {
    Map<String, Long> counts = new HashMap<>();
    for (String v : TopicIO.readValues(KAFKA.bootstrapServers(), topic, READ_TIMEOUT)) {
      assertThat(v).contains("\"room\":\"global\",\"window_start\":\"2025-10-29T22:31:10Z\"");
      String emoji = v.replaceAll(".*\"emoji\":\"([^\"]+)\".*", "$1");
      long n = Long.parseLong(v.replaceAll(".*\"reaction_count\":([0-9]+).*", "$1"));
      counts.merge(emoji, n, Math::max);
    }
    return counts;
  }

  private static int recordSize(ConsumerRecord<byte[], byte[]> r) {
    int size = (r.key() == null ? 0 : r.key().length) + r.value().length;
    for (Header h : r.headers()) {
      size += h.key().getBytes(StandardCharsets.UTF_8).length + h.value().length;
    }
    return size;
  }

  @Test
  void hostileRecordsOfTheLargestSizeGoToTheDlqBoundedAndTheCountsBesideThemAreExact(@TempDir Path checkpoint) throws Exception {
    String prefix = "huge";
    String input = prefix + "_reactions";
    KAFKA.cluster().createTopic(input, 1, 1, Map.of("retention.ms", "-1"));

    byte[] controls = new byte[900_000]; // 5.4 MB once each U+0001 is escaped as \u0001
    Arrays.fill(controls, (byte) 1);
    byte[] random = new byte[1_000_000];
    new Random(42).nextBytes(random);
    random[0] = (byte) 0xff; // never well-formed UTF-8: the base64 path
    byte[] zstdNearLimit = new byte[1_048_000]; // compresses to almost nothing; uncompressed just under the topic's limit
    Arrays.fill(zstdNearLimit, (byte) 1);
    byte[] zstdHuge = ("\"" + "😀\\".repeat(1_000_000)).getBytes(StandardCharsets.UTF_8); // 5 MB uncompressed, 12 MB escaped
    byte[] small = "not json".getBytes(StandardCharsets.UTF_8);

    Map<Long, byte[]> hostile = new HashMap<>();
    int validPerEmoji = 20;
    try (KafkaProducer<byte[], byte[]> plain = producer("none", 1_048_576);
        KafkaProducer<byte[], byte[]> zstd = producer("zstd", 8 * 1_048_576)) {
      for (int i = 0; i < validPerEmoji; i++) {
        send(plain, input, reaction("👍", i % 2).getBytes(StandardCharsets.UTF_8));
      }
      hostile.put(send(plain, input, controls), controls);
      hostile.put(send(plain, input, small), small);
      hostile.put(send(plain, input, random), random);
      hostile.put(send(zstd, input, zstdNearLimit), zstdNearLimit);
      hostile.put(send(zstd, input, zstdHuge), zstdHuge);
      for (int i = 0; i < validPerEmoji; i++) {
        send(plain, input, reaction("🔥", i % 2).getBytes(StandardCharsets.UTF_8));
      }
    }

    StringWriter err = new StringWriter();
    assertThat(run(pipeline(prefix, checkpoint), err)).as(err.toString()).isZero();

    assertThat(counts(prefix + "_main")).isEqualTo(Map.of("👍", (long) validPerEmoji, "🔥", (long) validPerEmoji));
    List<ConsumerRecord<byte[], byte[]>> dlq = TopicIO.readAll(KAFKA.bootstrapServers(), prefix + "_dlq", READ_TIMEOUT);
    Map<Long, DeadLetterCodec.Decoded> byOffset = new HashMap<>();
    List<Integer> sizes = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : dlq) {
      assertThat(recordSize(r)).isLessThanOrEqualTo(DeadLetterCodec.DEFAULT_MAX_BYTES);
      sizes.add(recordSize(r));
      DeadLetterCodec.Decoded d = DeadLetterCodec.decode(r.value());
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(input + "-0@" + d.sourceOffset());
      assertThat(new String(r.headers().lastHeader("reason").value(), StandardCharsets.UTF_8)).isEqualTo(d.reason());
      assertThat(byOffset.put(d.sourceOffset(), d)).as("one dead letter per source record").isNull();
    }
    assertThat(byOffset.keySet()).isEqualTo(hostile.keySet());
    for (Map.Entry<Long, byte[]> e : hostile.entrySet()) {
      byte[] original = e.getValue();
      DeadLetterCodec.Decoded d = byOffset.get(e.getKey());
      assertThat(d.reason()).isEqualTo(original == small ? "MALFORMED_JSON" : "TOO_LARGE");
      assertThat(d.message()).isNotBlank();
      assertThat(d.sourceTopic()).isEqualTo(input);
      assertThat(d.sourcePartition()).isZero();
      assertThat(d.sourceTimestamp()).as("the record's Kafka timestamp").isEqualTo(java.time.Instant.ofEpochMilli(TIMESTAMPS.get(input + "@" + e.getKey())));
      assertThat(d.originalSize()).isEqualTo((long) original.length);
      assertThat(d.originalSha256()).isEqualTo(sha256(original));
      assertThat(d.truncated()).isEqualTo(original != small);
      assertThat(d.base64()).isEqualTo(original == random);
      assertThat(d.original()).isNotEmpty().isEqualTo(Arrays.copyOf(original, d.original().length));
      if (original == random) {
        assertThat(d.original().length % 3).isZero();
      }
    }
    System.out.printf("BoundedDeadLetterIT: originals %s bytes -> DLQ records %s bytes (bound %d)%n",
        hostile.values().stream().map(b -> b.length).toList(), sizes, DeadLetterCodec.DEFAULT_MAX_BYTES);
  }

  @Test
  void aDlqThatRefusesARecordStopsThePipelineNamingTheRecordAndARestartContinuesExactly(@TempDir Path checkpoint)
      throws Exception {
    String prefix = "refused";
    String input = prefix + "_reactions";
    String dlqTopic = prefix + "_dlq";
    KAFKA.cluster().createTopic(input, 1, 1, Map.of("retention.ms", "-1"));
    // A DLQ topic whose limit is below the dead letter of the huge record.
    KAFKA.cluster().createTopic(dlqTopic, 1, 1, Map.of("retention.ms", "-1", "max.message.bytes", "20000"));
    byte[] controls = new byte[900_000];
    Arrays.fill(controls, (byte) 1);
    long hugeOffset;
    try (KafkaProducer<byte[], byte[]> plain = producer("none", 1_048_576)) {
      for (int i = 0; i < 10; i++) {
        send(plain, input, reaction("👍", 0).getBytes(StandardCharsets.UTF_8));
      }
      hugeOffset = send(plain, input, controls);
      for (int i = 0; i < 10; i++) {
        send(plain, input, reaction("👍", 1).getBytes(StandardCharsets.UTF_8));
      }
    }

    StringWriter err = new StringWriter();
    assertThat(run(pipeline(prefix, checkpoint), err)).isNotZero();
    assertThat(err.toString()).contains("DLQ topic '" + dlqTopic + "' did not take the dead letter",
        "topic " + input + " partition 0 offset " + hugeOffset, "RecordTooLargeException", "no record is skipped",
        "restart on the same checkpoint");
    assertThat(TopicIO.readAll(KAFKA.bootstrapServers(), prefix + "_main", Duration.ofSeconds(5))).isEmpty();
    assertThat(TopicIO.readAll(KAFKA.bootstrapServers(), dlqTopic, Duration.ofSeconds(5))).isEmpty();

    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, dlqTopic),
          List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048588"), AlterConfigOp.OpType.SET)))).all().get();
    }
    StringWriter again = new StringWriter();
    assertThat(run(pipeline(prefix, checkpoint), again)).as(again.toString()).isZero();

    assertThat(counts(prefix + "_main")).isEqualTo(Map.of("👍", 20L));
    List<ConsumerRecord<byte[], byte[]>> dlq = TopicIO.readAll(KAFKA.bootstrapServers(), dlqTopic, READ_TIMEOUT);
    assertThat(dlq).hasSize(1);
    DeadLetterCodec.Decoded d = DeadLetterCodec.decode(dlq.get(0).value());
    assertThat(d.sourceOffset()).isEqualTo(hugeOffset);
    assertThat(d.originalSha256()).isEqualTo(sha256(controls));
    assertThat(d.truncated()).isTrue();
  }
}
