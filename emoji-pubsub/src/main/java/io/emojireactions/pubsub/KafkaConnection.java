package io.emojireactions.pubsub;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Where a Kafka cluster is and how to talk to it: bootstrap servers plus any client properties
 * (security, SASL, TLS, timeouts, tuning). Immutable and thread-safe.
 *
 * <p>The properties are checked by the one rule of the project ({@link #validProperties}), whether
 * they come from code, a topology file or the command line. Every client is configured from a
 * connection by {@link KafkaClientConfigs}, which says which keys the library overrides.
 *
 * <p>A property is a secret when kafka-clients types it as a password ({@code sasl.jaas.config},
 * {@code ssl.key.password}, {@code ssl.keystore.password}, {@code ssl.keystore.key} …) or when its
 * name contains {@code password}, {@code secret} or {@code jaas}. {@link #toString()} prints the
 * property names only; {@link #redact} shows the values with the secrets replaced by {@link #HIDDEN}.
 *
 * @param bootstrapServers comma-separated {@code host:port} list, never blank; trimmed
 * @param properties further Kafka client properties, applied to every producer, consumer and
 *     admin client made for this cluster: known producer, consumer or admin settings of
 *     kafka-clients, never {@code bootstrap.servers}; kept sorted, keys and values trimmed
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> properties) {

  /** What a secret's value is shown as by {@link #redact}. */
  public static final String HIDDEN = "[hidden]";

  private static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  private static final Set<String> KNOWN;
  private static final Set<String> PASSWORDS;

  static {
    Set<String> known = new HashSet<>();
    Set<String> passwords = new HashSet<>();
    for (ConfigDef def : new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef()}) {
      def.configKeys().forEach((name, key) -> {
        known.add(name);
        if (key.type == ConfigDef.Type.PASSWORD) {
          passwords.add(name);
        }
      });
    }
    KNOWN = Set.copyOf(known);
    PASSWORDS = Set.copyOf(passwords);
  }

  /**
   * Validates and normalizes both components.
   *
   * @throws IllegalArgumentException naming the field or the key (never a property's value)
   * @throws NullPointerException when {@code properties} is null
   */
  public KafkaConnection {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap.servers must not be blank, but was '" + bootstrapServers + "'");
    }
    bootstrapServers = bootstrapServers.trim();
    for (String server : bootstrapServers.split(",")) {
      String s = server.trim();
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(
            "bootstrap.servers must be a comma-separated list of host:port, but contained '" + s + "'");
      }
    }
    properties = validProperties(Objects.requireNonNull(properties, "properties"));
  }

  /** A plain connection with no further client properties. */
  public static KafkaConnection of(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /**
   * Checks Kafka client properties: every key is a producer, consumer or admin setting of
   * kafka-clients (so a misspelled key fails instead of being ignored by the client), is not
   * {@code bootstrap.servers} and does not carry Spark's {@code kafka.} option prefix; every value
   * is present. Keys and values are trimmed.
   *
   * @return a sorted, immutable copy
   * @throws IllegalArgumentException naming the first bad key, never a value
   * @throws NullPointerException when {@code properties} is null
   */
  public static Map<String, String> validProperties(Map<String, String> properties) {
    Map<String, String> out = new TreeMap<>();
    properties.forEach((rawKey, value) -> {
      String key = rawKey == null ? "" : rawKey.trim();
      if (key.isEmpty()) {
        throw new IllegalArgumentException("Kafka client property keys must not be empty");
      }
      if (key.equals(BOOTSTRAP_SERVERS)) {
        throw new IllegalArgumentException("Kafka client properties must not contain bootstrap.servers (give it as the bootstrap servers)");
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
   * A copy of {@code properties} fit for a log line or a message: the value of every secret (see
   * the class description) replaced by {@link #HIDDEN}, the others kept.
   *
   * @return a new sorted map
   */
  public static Map<String, String> redact(Map<String, String> properties) {
    Map<String, String> out = new TreeMap<>();
    properties.forEach((key, value) -> out.put(key, isSecret(key) ? HIDDEN : value));
    return out;
  }

  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return PASSWORDS.contains(k) || k.contains("password") || k.contains("secret") || k.contains("jaas");
  }

  @Override
  public String toString() {
    // Property values may be secrets (sasl.jaas.config): print only their names.
    return "KafkaConnection[" + bootstrapServers + (properties.isEmpty() ? "" : ", properties=" + new TreeMap<>(properties).keySet()) + "]";
  }
}
