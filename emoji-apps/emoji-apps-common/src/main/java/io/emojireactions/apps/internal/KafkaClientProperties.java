package io.emojireactions.apps.internal;

import io.emojireactions.pubsub.KafkaConnection;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The one place for Kafka client settings given on the command line: reading a properties file,
 * validating keys, building client {@link Properties}, Spark's {@code kafka.}-prefixed options, and
 * redacting secrets before anything is printed.
 *
 * <p>A key is a secret when Kafka declares it a {@code PASSWORD} (e.g. {@code sasl.jaas.config},
 * {@code ssl.key.password}, {@code ssl.keystore.password}, {@code ssl.keystore.key}) or when its name
 * contains {@code password}, {@code secret} or {@code jaas}: those values are never printed.
 */
public final class KafkaClientProperties {

  /** What a secret's value is printed as. */
  public static final String HIDDEN = "[hidden]";

  private static final Set<String> KNOWN;
  private static final Set<String> SECRETS;

  static {
    Set<String> known = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    for (ConfigDef def : new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef()}) {
      def.configKeys().forEach((name, key) -> {
        known.add(name);
        if (key.type == ConfigDef.Type.PASSWORD) {
          secrets.add(name);
        }
      });
    }
    KNOWN = Set.copyOf(known);
    SECRETS = Set.copyOf(secrets);
  }

  private KafkaClientProperties() {}

  /**
   * Validates client properties: keys are known producer, consumer or admin settings, values are
   * not null, and {@code bootstrap.servers} is not among them (it has its own flag).
   *
   * @return a sorted, immutable copy
   * @throws IllegalArgumentException naming the key (never a secret's value)
   */
  public static Map<String, String> validate(Map<String, String> properties) {
    Map<String, String> out = new TreeMap<>();
    properties.forEach((rawKey, value) -> {
      String key = rawKey == null ? "" : rawKey.trim();
      if (key.isEmpty()) {
        throw new IllegalArgumentException("Kafka client property keys must not be empty");
      }
      if (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
        throw new IllegalArgumentException("give bootstrap.servers with --bootstrap-servers, not as a Kafka client property");
      }
      if (key.startsWith("kafka.")) {
        throw new IllegalArgumentException("Kafka client property '" + key + "' must not carry Spark's 'kafka.' prefix; give '"
            + key.substring("kafka.".length()) + "'");
      }
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException("unknown Kafka client property '" + key
            + "' (not a producer, consumer or admin setting of kafka-clients); check its spelling");
      }
      if (value == null) {
        throw new IllegalArgumentException("Kafka client property '" + key + "' needs a value (key=value)");
      }
      out.put(key, value.trim());
    });
    return Map.copyOf(out);
  }

  /**
   * Reads a Java properties file (ISO-8859-1 escapes are not needed: read as UTF-8).
   *
   * @throws IllegalArgumentException naming the file when it cannot be read
   */
  public static Map<String, String> load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --kafka-config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  /** True when {@code key}'s value must never be printed. */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return SECRETS.contains(k) || k.contains("password") || k.contains("secret") || k.contains("jaas");
  }

  /** A copy fit for logs: secret values replaced by {@link #HIDDEN}; Spark's {@code kafka.} prefix is understood. */
  public static Map<String, String> redact(Map<String, String> properties) {
    Map<String, String> out = new TreeMap<>();
    properties.forEach((k, v) -> {
      String bare = k.startsWith("kafka.") ? k.substring("kafka.".length()) : k;
      out.put(k, isSecret(bare) ? HIDDEN : v);
    });
    return out;
  }

  /** Client properties for {@code connection}: its properties plus {@code bootstrap.servers}. */
  public static Properties clientProperties(KafkaConnection connection) {
    Properties p = new Properties();
    p.putAll(connection.properties());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
    return p;
  }

  /**
   * A producer for bulk loads over {@code connection}: byte-array serializers, idempotent with
   * acks=all, lz4, 20 ms linger, 256 KiB batches, 64 MiB of buffer. The connection's own properties
   * win over these defaults.
   */
  public static Properties bulkProducer(KafkaConnection connection) {
    Properties p = new Properties();
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    p.putAll(clientProperties(connection));
    return p;
  }

  /** Spark's Kafka source/sink options: every property with the {@code kafka.} prefix. */
  public static Map<String, String> sparkOptions(Map<String, String> properties) {
    Map<String, String> out = new TreeMap<>();
    properties.forEach((k, v) -> out.put("kafka." + k, v));
    return out;
  }
}
