package io.emojireactions.pubsub;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Subscriber} reads: immutable, validated by {@link Builder#build()}, whose messages
 * name the field and the value. Build with {@link #builder()} (the connection, topic and group have
 * no default) or {@link #of}, copy with {@link #toBuilder()}. A class rather than a record so that
 * a new setting never breaks a caller.
 *
 * <p>{@link #toString()} shows the connection as {@link KafkaConnection#toString()} does, secrets hidden.
 */
public final class SubscriberConfig {

  private final KafkaConnection kafka;
  private final String topic;
  private final String groupId;
  private final StartFrom startFrom;
  private final Duration pollTimeout;
  private final int maxPollRecords;
  private final Optional<String> instanceId;

  private SubscriberConfig(Builder b) {
    this.kafka = b.kafka;
    this.topic = b.topic;
    this.groupId = b.groupId;
    this.startFrom = b.startFrom;
    this.pollTimeout = b.pollTimeout;
    this.maxPollRecords = b.maxPollRecords;
    this.instanceId = Optional.ofNullable(b.instanceId);
  }

  /** A builder holding every default; the connection, topic and group id must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's settings, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Resumes from the checkpoint, polls up to 200 ms, at most 500 messages per checkpoint. */
  public static SubscriberConfig of(KafkaConnection kafka, String topic, String groupId) {
    return builder().kafka(kafka).topic(topic).groupId(groupId).build();
  }

  /** The Kafka cluster the topic lives on. */
  public KafkaConnection kafka() {
    return kafka;
  }

  /** One cluster topic or sub-topic. */
  public String topic() {
    return topic;
  }

  /** This subscriber's own consumer group. */
  public String groupId() {
    return groupId;
  }

  /** Where to start, see {@link StartFrom}. */
  public StartFrom startFrom() {
    return startFrom;
  }

  /** How long one poll waits for messages, {@code > 0}. */
  public Duration pollTimeout() {
    return pollTimeout;
  }

  /** The largest number of messages handled between two checkpoints, {@code > 0}. */
  public int maxPollRecords() {
    return maxPollRecords;
  }

  /** The {@code group.instance.id} (static membership); empty for none. */
  public Optional<String> instanceId() {
    return instanceId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubscriberConfig c
        && kafka.equals(c.kafka)
        && topic.equals(c.topic)
        && groupId.equals(c.groupId)
        && startFrom.equals(c.startFrom)
        && pollTimeout.equals(c.pollTimeout)
        && maxPollRecords == c.maxPollRecords
        && instanceId.equals(c.instanceId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kafka, topic, groupId, startFrom, pollTimeout, maxPollRecords, instanceId);
  }

  /** Every setting; the connection hides its secret property values. */
  @Override
  public String toString() {
    return "SubscriberConfig[kafka=" + kafka + ", topic=" + topic + ", groupId=" + groupId + ", startFrom=" + startFrom
        + ", pollTimeout=" + pollTimeout + ", maxPollRecords=" + maxPollRecords + ", instanceId=" + instanceId + "]";
  }

  /** Collects settings, each preset to its default; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private KafkaConnection kafka;
    private String topic;
    private String groupId;
    private StartFrom startFrom = StartFrom.checkpoint();
    private Duration pollTimeout = Duration.ofMillis(200);
    private int maxPollRecords = 500;
    private String instanceId;

    private Builder() {}

    private Builder(SubscriberConfig c) {
      this.kafka = c.kafka;
      this.topic = c.topic;
      this.groupId = c.groupId;
      this.startFrom = c.startFrom;
      this.pollTimeout = c.pollTimeout;
      this.maxPollRecords = c.maxPollRecords;
      this.instanceId = c.instanceId.orElse(null);
    }

    /** The Kafka cluster the topic lives on. No default: required. */
    public Builder kafka(KafkaConnection value) {
      this.kafka = value;
      return this;
    }

    /** One cluster topic or sub-topic. No default: required, a Kafka topic name (1 to 249 of {@code [A-Za-z0-9._-]}). */
    public Builder topic(String value) {
      this.topic = value;
      return this;
    }

    /**
     * This subscriber's own consumer group: give each subscriber a distinct id, so that each gets
     * every message of the topic (subscribers sharing an id split the partitions). No default:
     * required, not blank.
     */
    public Builder groupId(String value) {
      this.groupId = value;
      return this;
    }

    /** Where to start, see {@link StartFrom}. Default {@link StartFrom#checkpoint()}; not null. */
    public Builder startFrom(StartFrom value) {
      this.startFrom = value;
      return this;
    }

    /** How long one poll waits for messages. Default 200 ms; {@code > 0}. */
    public Builder pollTimeout(Duration value) {
      this.pollTimeout = value;
      return this;
    }

    /** The largest number of messages handled between two checkpoints. Default 500; {@code > 0}. */
    public Builder maxPollRecords(int value) {
      this.maxPollRecords = value;
      return this;
    }

    /**
     * The {@code group.instance.id} (static membership): a subscriber restarted after a crash with
     * the same id takes its partitions back at once, instead of waiting for the dead member's
     * {@code session.timeout.ms}; distinct per process within one group. Default null (none);
     * when set, not blank.
     */
    public Builder instanceId(String value) {
      this.instanceId = value;
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException naming the first invalid field and its value
     */
    public SubscriberConfig build() {
      if (kafka == null) {
        throw new IllegalArgumentException("kafka must be a Kafka connection, but was null");
      }
      TopicNames.requireValid("topic", topic);
      if (groupId == null || groupId.isBlank()) {
        throw new IllegalArgumentException("groupId must not be blank, but was '" + groupId + "'");
      }
      if (startFrom == null) {
        throw new IllegalArgumentException("startFrom must be checkpoint, earliest, latest or an instant, but was null");
      }
      if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero()) {
        throw new IllegalArgumentException("pollTimeout must be > 0, but was " + pollTimeout);
      }
      if (maxPollRecords <= 0) {
        throw new IllegalArgumentException("maxPollRecords must be > 0, but was " + maxPollRecords);
      }
      if (instanceId != null && instanceId.isBlank()) {
        throw new IllegalArgumentException("instanceId must not be blank, but was '" + instanceId + "'");
      }
      return new SubscriberConfig(this);
    }
  }
}
