package io.emojireactions.pubsub;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a Kafka cluster is and how to talk to it: bootstrap servers plus any client properties
 * (security, SASL, TLS, timeouts). Immutable.
 *
 * <p>The library sets the properties that its guarantees depend on (serializers, {@code group.id},
 * {@code enable.auto.commit}, {@code isolation.level}, {@code transactional.id},
 * {@code enable.idempotence}, {@code acks}); values given here for those keys are overridden.
 *
 * @param bootstrapServers comma-separated {@code host:port} list, never blank
 * @param properties further Kafka client properties, applied to every producer, consumer and
 *     admin client made for this cluster; must not contain {@code bootstrap.servers}
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> properties) {

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
    Objects.requireNonNull(properties, "properties");
    if (properties.containsKey("bootstrap.servers")) {
      throw new IllegalArgumentException(
          "properties must not contain bootstrap.servers (give it as bootstrapServers), but had '"
              + properties.get("bootstrap.servers") + "'");
    }
    // Sorted, so that two equal connections compare and print equal.
    properties = Map.copyOf(new TreeMap<>(properties));
  }

  /** A plain connection with no further client properties. */
  public static KafkaConnection of(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  @Override
  public String toString() {
    // Property values may be secrets (sasl.jaas.config): print only their names.
    return "KafkaConnection[" + bootstrapServers + (properties.isEmpty() ? "" : ", properties=" + new TreeMap<>(properties).keySet()) + "]";
  }
}
