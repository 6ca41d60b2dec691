package io.emojireactions.pubsub.internal;

import io.emojireactions.pubsub.KafkaConnection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The client configurations the guarantees rest on, in one place. The user's connection
 * properties come first; the settings below override them.
 */
public final class KafkaClients {

  private KafkaClients() {}

  /** Idempotent, acks=all, lz4, a short linger: the long-lived producer of the fan-out. */
  public static Map<String, Object> producer(KafkaConnection kafka, String clientId) {
    Map<String, Object> config = base(kafka, clientId);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
    config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return config;
  }

  /** {@link #producer} plus a stable transactional.id (restarting with the same id fences the old instance). */
  public static Map<String, Object> transactionalProducer(KafkaConnection kafka, String clientId, String transactionalId) {
    Map<String, Object> config = producer(kafka, clientId);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return config;
  }

  /** A consumer in {@code groupId} that never auto-commits and sees only committed transactions. */
  public static Map<String, Object> consumer(KafkaConnection kafka, String clientId, String groupId, String autoOffsetReset) {
    Map<String, Object> config = base(kafka, clientId);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return config;
  }

  public static Map<String, Object> admin(KafkaConnection kafka, String clientId) {
    return base(kafka, clientId);
  }

  private static Map<String, Object> base(KafkaConnection kafka, String clientId) {
    Map<String, Object> config = new HashMap<>(kafka.properties());
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.putIfAbsent("client.id", clientId);
    return config;
  }
}
