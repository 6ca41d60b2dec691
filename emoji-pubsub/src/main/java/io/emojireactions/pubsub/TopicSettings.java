package io.emojireactions.pubsub;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How {@link TopologyAdmin} creates topics. Immutable; the {@code with…} methods return changed
 * copies.
 *
 * @param partitions partitions per topic, at least 1; empty = the broker's {@code num.partitions}
 * @param replicationFactor replicas per partition, 1 to 32767 (and at most the broker count);
 *     empty = the broker's {@code default.replication.factor}
 * @param configs topic configs such as {@code retention.ms}; empty = the broker's defaults
 */
public record TopicSettings(OptionalInt partitions, OptionalInt replicationFactor, Map<String, String> configs) {

  public TopicSettings {
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(replicationFactor, "replicationFactor");
    if (partitions.isPresent() && partitions.getAsInt() < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, but was " + partitions.getAsInt());
    }
    if (replicationFactor.isPresent() && replicationFactor.getAsInt() < 1) {
      throw new IllegalArgumentException("replication factor must be >= 1, but was " + replicationFactor.getAsInt());
    }
    if (replicationFactor.isPresent() && replicationFactor.getAsInt() > Short.MAX_VALUE) {
      throw new IllegalArgumentException("replication factor must be <= " + Short.MAX_VALUE + ", but was " + replicationFactor.getAsInt());
    }
    configs = Map.copyOf(Objects.requireNonNull(configs, "configs"));
  }

  /** {@code partitions} partitions and {@code replicationFactor} replicas, the broker's topic configs. */
  public static TopicSettings of(int partitions, int replicationFactor) {
    return new TopicSettings(OptionalInt.of(partitions), OptionalInt.of(replicationFactor), Map.of());
  }

  /**
   * Everything as the broker's defaults say: the right choice where the operator, not the code,
   * knows how many brokers there are. An existing topic then never mismatches.
   */
  public static TopicSettings brokerDefaults() {
    return new TopicSettings(OptionalInt.empty(), OptionalInt.empty(), Map.of());
  }

  public TopicSettings withPartitions(int n) {
    return new TopicSettings(OptionalInt.of(n), replicationFactor, configs);
  }

  public TopicSettings withReplicationFactor(int n) {
    return new TopicSettings(partitions, OptionalInt.of(n), configs);
  }

  /** Sets the topic config {@code key} (e.g. {@code cleanup.policy}) to {@code value}. */
  public TopicSettings withConfig(String key, String value) {
    Map<String, String> next = new HashMap<>(configs);
    next.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new TopicSettings(partitions, replicationFactor, next);
  }

  /** Keeps records for {@code retention}; a negative duration keeps them forever ({@code retention.ms=-1}). */
  public TopicSettings withRetention(Duration retention) {
    return withConfig("retention.ms", Long.toString(retention.isNegative() ? -1 : retention.toMillis()));
  }
}
