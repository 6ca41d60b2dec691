package io.emojireactions.pubsub;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link TopologyAdmin} creates topics. Immutable.
 *
 * @param partitions partitions per topic, at least 1
 * @param replicationFactor replicas per partition, at least 1 (and at most the broker count)
 * @param configs topic configs such as {@code retention.ms}; empty = the broker's defaults
 */
public record TopicSettings(int partitions, short replicationFactor, Map<String, String> configs) {

  public TopicSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, but was " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replication factor must be >= 1, but was " + replicationFactor);
    }
    configs = Map.copyOf(Objects.requireNonNull(configs, "configs"));
  }

  public static TopicSettings of(int partitions, int replicationFactor) {
    if (replicationFactor > Short.MAX_VALUE) {
      throw new IllegalArgumentException("replication factor must be <= " + Short.MAX_VALUE + ", but was " + replicationFactor);
    }
    return new TopicSettings(partitions, (short) replicationFactor, Map.of());
  }

  /** Keeps records for {@code retention}; a negative duration keeps them forever ({@code retention.ms=-1}). */
  public TopicSettings withRetention(Duration retention) {
    Map<String, String> next = new HashMap<>(configs);
    next.put("retention.ms", Long.toString(retention.isNegative() ? -1 : retention.toMillis()));
    return new TopicSettings(partitions, replicationFactor, next);
  }
}
