package io.emojireactions.pubsub;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * How {@link TopologyAdmin} creates topics: immutable, validated by {@link Builder#build()}, whose
 * messages name the field and the value. Build with {@link #builder()} (everything preset to the
 * broker's defaults), {@link #brokerDefaults()} or {@link #of(int, int)}; copy with
 * {@link #toBuilder()}. A class rather than a record so that a new setting never breaks a caller.
 *
 * <p>{@link #toString()} shows the names of the topic configs but not their values.
 */
public final class TopicSettings {

  private final OptionalInt partitions;
  private final OptionalInt replicationFactor;
  private final Map<String, String> configs;

  private TopicSettings(Builder b, Map<String, String> configs) {
    this.partitions = b.partitions;
    this.replicationFactor = b.replicationFactor;
    this.configs = configs;
  }

  /** A builder holding the broker's defaults for everything. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@code partitions} partitions and {@code replicationFactor} replicas, the broker's topic configs. */
  public static TopicSettings of(int partitions, int replicationFactor) {
    return builder().partitions(partitions).replicationFactor(replicationFactor).build();
  }

  /**
   * Everything as the broker's defaults say: the right choice where the operator, not the code,
   * knows how many brokers there are. An existing topic then never mismatches.
   */
  public static TopicSettings brokerDefaults() {
    return builder().build();
  }

  /** Partitions per topic, at least 1; empty = the broker's {@code num.partitions}. */
  public OptionalInt partitions() {
    return partitions;
  }

  /** Replicas per partition, 1 to 32767; empty = the broker's {@code default.replication.factor}. */
  public OptionalInt replicationFactor() {
    return replicationFactor;
  }

  /** Topic configs such as {@code retention.ms}; empty = the broker's defaults. Unmodifiable. */
  public Map<String, String> configs() {
    return configs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicSettings s
        && partitions.equals(s.partitions)
        && replicationFactor.equals(s.replicationFactor)
        && configs.equals(s.configs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partitions, replicationFactor, configs);
  }

  /** Every setting, with the topic configs' names only. */
  @Override
  public String toString() {
    return "TopicSettings[partitions=" + partitions + ", replicationFactor=" + replicationFactor
        + ", configs=" + new TreeSet<>(configs.keySet()) + "]";
  }

  /** Collects settings, each preset to the broker's default; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private OptionalInt partitions = OptionalInt.empty();
    private OptionalInt replicationFactor = OptionalInt.empty();
    // May hold nulls until build() rejects them, so that the message names the key.
    private Map<String, String> configs = new LinkedHashMap<>();

    private Builder() {}

    private Builder(TopicSettings s) {
      this.partitions = s.partitions;
      this.replicationFactor = s.replicationFactor;
      this.configs = new LinkedHashMap<>(s.configs);
    }

    /** Partitions per topic. Default empty (the broker's {@code num.partitions}); when present, {@code >= 1}; not null. */
    public Builder partitions(OptionalInt value) {
      this.partitions = value;
      return this;
    }

    /** Partitions per topic, {@code >= 1}; as {@link #partitions(OptionalInt)} with a value. */
    public Builder partitions(int value) {
      return partitions(OptionalInt.of(value));
    }

    /**
     * Replicas per partition. Default empty (the broker's {@code default.replication.factor});
     * when present, 1 to 32767 (and at most the broker count, which only the broker checks); not null.
     */
    public Builder replicationFactor(OptionalInt value) {
      this.replicationFactor = value;
      return this;
    }

    /** Replicas per partition, 1 to 32767; as {@link #replicationFactor(OptionalInt)} with a value. */
    public Builder replicationFactor(int value) {
      return replicationFactor(OptionalInt.of(value));
    }

    /** Topic configs such as {@code cleanup.policy}, replacing those set so far. Default none; no null key or value. */
    public Builder configs(Map<String, String> value) {
      this.configs = value == null ? null : new LinkedHashMap<>(value);
      return this;
    }

    /** Sets the topic config {@code key} (e.g. {@code cleanup.policy}) to {@code value}, as {@link #configs(Map)} describes. */
    public Builder config(String key, String value) {
      if (configs == null) {
        configs = new LinkedHashMap<>();
      }
      configs.put(key, value);
      return this;
    }

    /**
     * Keeps records for {@code value}, whole milliseconds: sets {@code retention.ms}. A negative
     * duration keeps them forever ({@code retention.ms=-1}). Default unset (the broker's
     * {@code log.retention.*}); not null.
     */
    public Builder retention(Duration value) {
      if (value == null) {
        throw new IllegalArgumentException("retention must be a duration, but was null");
      }
      return config("retention.ms", Long.toString(value.isNegative() ? -1 : value.toMillis()));
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming the first invalid field and its value
     */
    public TopicSettings build() {
      if (partitions == null) {
        throw new IllegalArgumentException("partitions must be empty or >= 1, but was null");
      }
      if (partitions.isPresent() && partitions.getAsInt() < 1) {
        throw new IllegalArgumentException("partitions must be >= 1, but was " + partitions.getAsInt());
      }
      if (replicationFactor == null) {
        throw new IllegalArgumentException("replicationFactor must be empty or 1 to " + Short.MAX_VALUE + ", but was null");
      }
      // "replication factor", as Kafka's own messages say it; callers match on these words.
      if (replicationFactor.isPresent() && replicationFactor.getAsInt() < 1) {
        throw new IllegalArgumentException("replication factor must be >= 1, but was " + replicationFactor.getAsInt());
      }
      if (replicationFactor.isPresent() && replicationFactor.getAsInt() > Short.MAX_VALUE) {
        throw new IllegalArgumentException("replication factor must be <= " + Short.MAX_VALUE + ", but was " + replicationFactor.getAsInt());
      }
      if (configs == null) {
        throw new IllegalArgumentException("configs must be a map, but was null");
      }
      for (Map.Entry<String, String> e : configs.entrySet()) {
        if (e.getKey() == null || e.getKey().isBlank()) {
          throw new IllegalArgumentException("configs keys must be topic config names, but got '" + e.getKey() + "'");
        }
        if (e.getValue() == null) {
          throw new IllegalArgumentException("configs value of '" + e.getKey() + "' must not be null");
        }
      }
      return new TopicSettings(this, Map.copyOf(configs));
    }
  }
}
