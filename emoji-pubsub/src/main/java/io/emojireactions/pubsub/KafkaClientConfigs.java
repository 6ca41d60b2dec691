package io.emojireactions.pubsub;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The configuration of every Kafka client the project makes, the library's and the applications',
 * so that the settings the delivery guarantees rest on are written once.
 *
 * <p>Each method builds a new config from a {@link KafkaConnection} in three layers:
 *
 * <ol>
 *   <li>defaults, listed per method ({@code client.id} is always one): the connection's
 *       properties win over them;
 *   <li>the connection's properties (security, timeouts, tuning);
 *   <li>the settings the guarantees rest on, which override the connection's: always
 *       {@code bootstrap.servers} and byte-array (de)serializers; for producers
 *       {@code enable.idempotence=true} and {@code acks=all}; for consumers
 *       {@code enable.auto.commit=false} and {@code isolation.level=read_committed}; and the
 *       identities given as arguments ({@code group.id}, {@code transactional.id}).
 * </ol>
 *
 * The result is a new mutable map owned by the caller, ready for {@code new KafkaProducer<>(config)}
 * (or consumer, or {@code Admin.create}); what the caller puts into it afterwards is its own choice
 * and wins over all three layers (a component's {@code max.poll.records}, say). Stateless and
 * thread-safe; every argument must be non-null and every id non-blank, else
 * {@link IllegalArgumentException} (or {@link NullPointerException} for a null connection).
 */
public final class KafkaClientConfigs {

  private KafkaClientConfigs() {}

  /**
   * The long-lived producer of messages that must not be lost or duplicated by a retry (the
   * fan-out, alerts). Defaults: {@code compression.type=lz4}, {@code linger.ms=10},
   * {@code batch.size=131072} (128 KiB).
   */
  public static Map<String, Object> producer(KafkaConnection kafka, String clientId) {
    Map<String, Object> defaults = new HashMap<>();
    defaults.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    defaults.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    return producer(kafka, clientId, defaults);
  }

  /**
   * {@link #producer} with {@code transactional.id} (overrides): an instance restarted with the
   * same id fences its predecessor and aborts its open transaction.
   */
  public static Map<String, Object> transactionalProducer(KafkaConnection kafka, String clientId, String transactionalId) {
    Map<String, Object> config = producer(kafka, clientId);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, requireId("transactionalId", transactionalId));
    return config;
  }

  /**
   * The producer of bulk loads (the ingest, the simulator), tuned for throughput; the guarantees
   * are {@link #producer}'s. Defaults: {@code compression.type=lz4}, {@code linger.ms=20},
   * {@code batch.size=262144} (256 KiB), {@code buffer.memory=67108864} (64 MiB).
   */
  public static Map<String, Object> bulkProducer(KafkaConnection kafka, String clientId) {
    Map<String, Object> defaults = new HashMap<>();
    defaults.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    defaults.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    defaults.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    return producer(kafka, clientId, defaults);
  }

  /**
   * A consumer in the group {@code groupId} whose position moves only by explicit commits and that
   * never sees records of aborted transactions. Overrides also {@code auto.offset.reset=earliest}:
   * a group with no committed offset starts at the earliest retained record, so nothing is skipped.
   */
  public static Map<String, Object> consumer(KafkaConnection kafka, String clientId, String groupId) {
    Map<String, Object> config = reader(kafka, clientId);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, requireId("groupId", groupId));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return config;
  }

  /**
   * A consumer outside any group, for {@code assign()} and reading a topic back: like
   * {@link #consumer} but a {@code group.id} among the connection's properties is removed, so such a
   * reader never joins a group nor commits.
   */
  public static Map<String, Object> reader(KafkaConnection kafka, String clientId) {
    Map<String, Object> config = base(kafka, clientId, Map.of());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return config;
  }

  /** An admin client: the connection's properties and {@code bootstrap.servers}, no further default. */
  public static Map<String, Object> admin(KafkaConnection kafka, String clientId) {
    return base(kafka, clientId, Map.of());
  }

  private static Map<String, Object> producer(KafkaConnection kafka, String clientId, Map<String, Object> defaults) {
    Map<String, Object> config = base(kafka, clientId, defaults);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return config;
  }

  private static Map<String, Object> base(KafkaConnection kafka, String clientId, Map<String, Object> defaults) {
    Objects.requireNonNull(kafka, "kafka");
    Map<String, Object> config = new HashMap<>(defaults);
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, requireId("clientId", clientId));
    config.putAll(kafka.properties());
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return config;
  }

  private static String requireId(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
    }
    return value;
  }
}
