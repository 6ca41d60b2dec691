package io.emojireactions.pubsub;

import io.emojireactions.core.DeadLetterCodec;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FanOutRelay} runs: immutable, validated by {@link Builder#build()}, whose messages
 * name the field and the value. Build with {@link #builder()} (the topology and connection have no
 * default) or {@link #of}, copy with {@link #toBuilder()}. A class rather than a record so that a
 * new setting never breaks a caller.
 *
 * <p>{@link #toString()} shows the connection as {@link KafkaConnection#toString()} does, secrets hidden.
 */
public final class RelayConfig {

  /** The relay's consumer group unless set. */
  public static final String DEFAULT_GROUP_ID = "emoji-fanout-relay";
  /** The relay's transactional id unless set; one per relay instance. */
  public static final String DEFAULT_TRANSACTIONAL_ID = "emoji-fanout-relay-0";

  private final FanOutTopology topology;
  private final KafkaConnection kafka;
  private final String groupId;
  private final String transactionalId;
  private final int maxPollRecords;
  private final Duration pollTimeout;
  private final Duration retryBackoff;
  private final int deadLetterMaxBytes;

  private RelayConfig(Builder b) {
    this.topology = b.topology;
    this.kafka = b.kafka;
    this.groupId = b.groupId;
    this.transactionalId = b.transactionalId;
    this.maxPollRecords = b.maxPollRecords;
    this.pollTimeout = b.pollTimeout;
    this.retryBackoff = b.retryBackoff;
    this.deadLetterMaxBytes = b.deadLetterMaxBytes;
  }

  /** A builder holding every default; the topology and connection must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's settings, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The defaults: group {@code emoji-fanout-relay}, transactional id {@code emoji-fanout-relay-0}, 2,000 records per transaction. */
  public static RelayConfig of(FanOutTopology topology, KafkaConnection kafka) {
    return builder().topology(topology).kafka(kafka).build();
  }

  /** The fan-out tree; its main topic is consumed. */
  public FanOutTopology topology() {
    return topology;
  }

  /** The Kafka cluster of the main topic (and of the DLQ and every cluster without its own connection). */
  public KafkaConnection kafka() {
    return kafka;
  }

  /** The relay's consumer group. */
  public String groupId() {
    return groupId;
  }

  /** This instance's transactional id, also its {@code group.instance.id}. */
  public String transactionalId() {
    return transactionalId;
  }

  /** The largest number of main-topic records per transaction, {@code > 0}. */
  public int maxPollRecords() {
    return maxPollRecords;
  }

  /** How long one poll waits for records, {@code > 0}. */
  public Duration pollTimeout() {
    return pollTimeout;
  }

  /** The pause before a batch is retried after a transient failure, {@code >= 0}. */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /**
   * The most bytes one DLQ record takes (key + value + headers; see core's {@code
   * DeadLetterCodec}): a larger invalid message is kept cut, marked truncated, with its size and
   * SHA-256. Keep it under the DLQ topic's {@code max.message.bytes} and the producer's {@code
   * max.request.size}.
   */
  public int deadLetterMaxBytes() {
    return deadLetterMaxBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelayConfig c
        && topology.equals(c.topology)
        && kafka.equals(c.kafka)
        && groupId.equals(c.groupId)
        && transactionalId.equals(c.transactionalId)
        && maxPollRecords == c.maxPollRecords
        && pollTimeout.equals(c.pollTimeout)
        && retryBackoff.equals(c.retryBackoff)
        && deadLetterMaxBytes == c.deadLetterMaxBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(topology, kafka, groupId, transactionalId, maxPollRecords, pollTimeout, retryBackoff, deadLetterMaxBytes);
  }

  /** Every setting; the connection hides its secret property values. */
  @Override
  public String toString() {
    return "RelayConfig[topology=" + topology + ", kafka=" + kafka + ", groupId=" + groupId + ", transactionalId="
        + transactionalId + ", maxPollRecords=" + maxPollRecords + ", pollTimeout=" + pollTimeout
        + ", retryBackoff=" + retryBackoff + ", deadLetterMaxBytes=" + deadLetterMaxBytes + "]";
  }

  /** Collects settings, each preset to its default; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private FanOutTopology topology;
    private KafkaConnection kafka;
    private String groupId = DEFAULT_GROUP_ID;
    private String transactionalId = DEFAULT_TRANSACTIONAL_ID;
    private int maxPollRecords = 2000;
    private Duration pollTimeout = Duration.ofMillis(200);
    private Duration retryBackoff = Duration.ofSeconds(1);
    private int deadLetterMaxBytes = DeadLetterCodec.DEFAULT_MAX_BYTES;

    private Builder() {}

    private Builder(RelayConfig c) {
      this.topology = c.topology;
      this.kafka = c.kafka;
      this.groupId = c.groupId;
      this.transactionalId = c.transactionalId;
      this.maxPollRecords = c.maxPollRecords;
      this.pollTimeout = c.pollTimeout;
      this.retryBackoff = c.retryBackoff;
      this.deadLetterMaxBytes = c.deadLetterMaxBytes;
    }

    /** The fan-out tree; its main topic is consumed. No default: required. */
    public Builder topology(FanOutTopology value) {
      this.topology = value;
      return this;
    }

    /**
     * The Kafka cluster of the main topic (and of the DLQ and every cluster without its own
     * connection). No default: required.
     */
    public Builder kafka(KafkaConnection value) {
      this.kafka = value;
      return this;
    }

    /**
     * The relay's consumer group: every relay instance of one topology shares it, so that
     * main-topic partitions are split among them. Default {@value RelayConfig#DEFAULT_GROUP_ID}; not blank.
     */
    public Builder groupId(String value) {
      this.groupId = value;
      return this;
    }

    /**
     * Stable per relay instance (and distinct between instances running at once): a restarted
     * instance with the same id fences its predecessor and aborts its open transaction. It is also
     * the consumer's {@code group.instance.id} (static membership), so a restarted instance gets its
     * partitions back at once; an instance stopped for good gives them up after
     * {@code session.timeout.ms}. Default {@value RelayConfig#DEFAULT_TRANSACTIONAL_ID}; not blank.
     */
    public Builder transactionalId(String value) {
      this.transactionalId = value;
      return this;
    }

    /** The largest number of main-topic records per transaction. Default 2000; {@code > 0}. */
    public Builder maxPollRecords(int value) {
      this.maxPollRecords = value;
      return this;
    }

    /** How long one poll waits for records. Default 200 ms; {@code > 0}. */
    public Builder pollTimeout(Duration value) {
      this.pollTimeout = value;
      return this;
    }

    /** The pause before a batch is retried after a transient failure. Default 1 s; {@code >= 0}, not null. */
    public Builder retryBackoff(Duration value) {
      this.retryBackoff = value;
      return this;
    }

    /**
     * The most bytes one DLQ record takes (key + value + headers). Default {@value
     * DeadLetterCodec#DEFAULT_MAX_BYTES}, under Kafka's default producer and topic limits; at least
     * {@value DeadLetterCodec#MIN_MAX_BYTES}.
     */
    public Builder deadLetterMaxBytes(int value) {
      this.deadLetterMaxBytes = value;
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException naming the first invalid field and its value
     */
    public RelayConfig build() {
      if (topology == null) {
        throw new IllegalArgumentException("topology must be a fan-out topology, but was null");
      }
      if (kafka == null) {
        throw new IllegalArgumentException("kafka must be a Kafka connection, but was null");
      }
      if (groupId == null || groupId.isBlank()) {
        throw new IllegalArgumentException("groupId must not be blank, but was '" + groupId + "'");
      }
      if (transactionalId == null || transactionalId.isBlank()) {
        throw new IllegalArgumentException("transactionalId must not be blank, but was '" + transactionalId + "'");
      }
      if (maxPollRecords <= 0) {
        throw new IllegalArgumentException("maxPollRecords must be > 0, but was " + maxPollRecords);
      }
      if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero()) {
        throw new IllegalArgumentException("pollTimeout must be > 0, but was " + pollTimeout);
      }
      if (retryBackoff == null || retryBackoff.isNegative()) {
        throw new IllegalArgumentException("retryBackoff must be >= 0, but was " + retryBackoff);
      }
      DeadLetterCodec.checkMaxBytes("deadLetterMaxBytes", deadLetterMaxBytes);
      return new RelayConfig(this);
    }
  }
}
