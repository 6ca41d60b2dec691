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
  private final OnHandlerFailure onHandlerFailure;
  private final int maxAttempts;
  private final Duration retryBackoff;
  private final Duration maxRetryBackoff;
  private final String deadLetterTopic;

  private SubscriberConfig(Builder b) {
    this.kafka = b.kafka;
    this.topic = b.topic;
    this.groupId = b.groupId;
    this.startFrom = b.startFrom;
    this.pollTimeout = b.pollTimeout;
    this.maxPollRecords = b.maxPollRecords;
    this.instanceId = Optional.ofNullable(b.instanceId);
    this.onHandlerFailure = b.onHandlerFailure;
    this.maxAttempts = b.maxAttempts;
    this.retryBackoff = b.retryBackoff;
    this.maxRetryBackoff = b.maxRetryBackoff;
    this.deadLetterTopic = b.deadLetterTopic == null ? defaultDeadLetterTopic(b.topic) : b.deadLetterTopic;
  }

  /** The dead-letter topic of a subscriber of {@code topic} that names none: {@code <topic>_dlq}. */
  public static String defaultDeadLetterTopic(String topic) {
    return topic + "_dlq";
  }

  /** A builder holding every default; the connection, topic and group id must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's settings, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Resumes from the checkpoint, polls up to 200 ms, at most 500 messages per checkpoint; a message
   * whose handler throws is retried (3 attempts) and then dead-lettered to {@code <topic>_dlq}.
   */
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

  /** What happens when the handler throws, see {@link OnHandlerFailure}. */
  public OnHandlerFailure onHandlerFailure() {
    return onHandlerFailure;
  }

  /** Calls of the handler per message (or batch) before it is dead-lettered, the first included; {@code >= 1}. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait before the first retry; doubled before each next one, up to {@link #maxRetryBackoff()}. */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /** The longest wait between two attempts, {@code >= retryBackoff}. */
  public Duration maxRetryBackoff() {
    return maxRetryBackoff;
  }

  /** Where failed messages go under {@link OnHandlerFailure#RETRY_THEN_DEAD_LETTER}: by default {@code <topic>_dlq}. */
  public String deadLetterTopic() {
    return deadLetterTopic;
  }

  /** The wait before attempt {@code attempt + 1} after attempt {@code attempt} (from 1) failed. */
  Duration backoffAfter(int attempt) {
    long ms = retryBackoff.toMillis();
    for (int i = 1; i < attempt && ms < maxRetryBackoff.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, maxRetryBackoff.toMillis()));
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
        && instanceId.equals(c.instanceId)
        && onHandlerFailure == c.onHandlerFailure
        && maxAttempts == c.maxAttempts
        && retryBackoff.equals(c.retryBackoff)
        && maxRetryBackoff.equals(c.maxRetryBackoff)
        && deadLetterTopic.equals(c.deadLetterTopic);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kafka, topic, groupId, startFrom, pollTimeout, maxPollRecords, instanceId, onHandlerFailure, maxAttempts,
        retryBackoff, maxRetryBackoff, deadLetterTopic);
  }

  /** Every setting; the connection hides its secret property values. */
  @Override
  public String toString() {
    return "SubscriberConfig[kafka=" + kafka + ", topic=" + topic + ", groupId=" + groupId + ", startFrom=" + startFrom
        + ", pollTimeout=" + pollTimeout + ", maxPollRecords=" + maxPollRecords + ", instanceId=" + instanceId
        + ", onHandlerFailure=" + onHandlerFailure + ", maxAttempts=" + maxAttempts + ", retryBackoff=" + retryBackoff
        + ", maxRetryBackoff=" + maxRetryBackoff + ", deadLetterTopic=" + deadLetterTopic + "]";
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
    private OnHandlerFailure onHandlerFailure = OnHandlerFailure.RETRY_THEN_DEAD_LETTER;
    private int maxAttempts = 3;
    private Duration retryBackoff = Duration.ofMillis(100);
    private Duration maxRetryBackoff = Duration.ofSeconds(5);
    private String deadLetterTopic;

    private Builder() {}

    private Builder(SubscriberConfig c) {
      this.kafka = c.kafka;
      this.topic = c.topic;
      this.groupId = c.groupId;
      this.startFrom = c.startFrom;
      this.pollTimeout = c.pollTimeout;
      this.maxPollRecords = c.maxPollRecords;
      this.instanceId = c.instanceId.orElse(null);
      this.onHandlerFailure = c.onHandlerFailure;
      this.maxAttempts = c.maxAttempts;
      this.retryBackoff = c.retryBackoff;
      this.maxRetryBackoff = c.maxRetryBackoff;
      // A derived default follows a changed topic; an explicit one stays.
      this.deadLetterTopic = c.deadLetterTopic.equals(defaultDeadLetterTopic(c.topic)) ? null : c.deadLetterTopic;
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
     * What happens when the handler throws, see {@link OnHandlerFailure}. Default
     * {@link OnHandlerFailure#RETRY_THEN_DEAD_LETTER}; not null.
     */
    public Builder onHandlerFailure(OnHandlerFailure value) {
      this.onHandlerFailure = value;
      return this;
    }

    /** Calls of the handler per message (or batch) before it is dead-lettered, the first included. Default 3; 1 to 100. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** The wait before the first retry, doubled before each next one. Default 100 ms; {@code > 0}. */
    public Builder retryBackoff(Duration value) {
      this.retryBackoff = value;
      return this;
    }

    /** The cap of the doubling wait between attempts. Default 5 s; {@code >= retryBackoff}, at most 10 minutes. */
    public Builder maxRetryBackoff(Duration value) {
      this.maxRetryBackoff = value;
      return this;
    }

    /**
     * Where failed messages go. Default null: {@code <topic>_dlq}. When set, a Kafka topic name other
     * than the topic. The subscriber creates it on its first dead letter if it is missing.
     */
    public Builder deadLetterTopic(String value) {
      this.deadLetterTopic = value;
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
      if (onHandlerFailure == null) {
        throw new IllegalArgumentException("onHandlerFailure must be RETRY_THEN_DEAD_LETTER or STOP, but was null");
      }
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be 1 to 100, but was " + maxAttempts);
      }
      if (retryBackoff == null || retryBackoff.isNegative() || retryBackoff.isZero()) {
        throw new IllegalArgumentException("retryBackoff must be > 0, but was " + retryBackoff);
      }
      if (maxRetryBackoff == null || maxRetryBackoff.compareTo(retryBackoff) < 0 || maxRetryBackoff.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("maxRetryBackoff must be between retryBackoff (" + retryBackoff + ") and PT10M, but was "
            + maxRetryBackoff);
      }
      if (deadLetterTopic == null) {
        if (defaultDeadLetterTopic(topic).length() > 249) {
          throw new IllegalArgumentException("deadLetterTopic must be set when the topic name is longer than 245 characters"
              + " (the default '<topic>_dlq' would exceed Kafka's 249), but was null");
        }
      } else {
        TopicNames.requireValid("deadLetterTopic", deadLetterTopic);
        if (deadLetterTopic.equals(topic)) {
          throw new IllegalArgumentException("deadLetterTopic must differ from the topic, but was '" + deadLetterTopic + "'");
        }
      }
      return new SubscriberConfig(this);
    }
  }
}
