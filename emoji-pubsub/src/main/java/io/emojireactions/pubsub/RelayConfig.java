package io.emojireactions.pubsub;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FanOutRelay} runs. Immutable; the {@code with…} methods return changed copies.
 *
 * @param topology the fan-out tree; its main topic is consumed
 * @param kafka the Kafka cluster of the main topic (and of the DLQ and every cluster without its own connection)
 * @param groupId the relay's consumer group: every relay instance of one topology shares it, so
 *     that main-topic partitions are split among them; default {@code emoji-fanout-relay}
 * @param transactionalId stable per relay instance (and distinct between instances running at
 *     once): a restarted instance with the same id fences its predecessor and aborts its open
 *     transaction; default {@code emoji-fanout-relay-0}. It is also the consumer's
 *     {@code group.instance.id} (static membership), so a restarted instance gets its partitions
 *     back at once; an instance stopped for good gives them up after {@code session.timeout.ms}
 * @param maxPollRecords the largest number of main-topic records per transaction
 * @param pollTimeout how long one poll waits for records
 * @param retryBackoff the pause before a batch is retried after a transient failure
 */
public record RelayConfig(
    FanOutTopology topology,
    KafkaConnection kafka,
    String groupId,
    String transactionalId,
    int maxPollRecords,
    Duration pollTimeout,
    Duration retryBackoff) {

  public static final String DEFAULT_GROUP_ID = "emoji-fanout-relay";
  public static final String DEFAULT_TRANSACTIONAL_ID = "emoji-fanout-relay-0";

  public RelayConfig {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(kafka, "kafka");
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
  }

  /** The defaults: group {@code emoji-fanout-relay}, transactional id {@code emoji-fanout-relay-0}, 2,000 records per transaction. */
  public static RelayConfig of(FanOutTopology topology, KafkaConnection kafka) {
    return new RelayConfig(topology, kafka, DEFAULT_GROUP_ID, DEFAULT_TRANSACTIONAL_ID, 2000, Duration.ofMillis(200), Duration.ofSeconds(1));
  }

  public RelayConfig withGroupId(String id) {
    return new RelayConfig(topology, kafka, id, transactionalId, maxPollRecords, pollTimeout, retryBackoff);
  }

  public RelayConfig withTransactionalId(String id) {
    return new RelayConfig(topology, kafka, groupId, id, maxPollRecords, pollTimeout, retryBackoff);
  }

  public RelayConfig withMaxPollRecords(int n) {
    return new RelayConfig(topology, kafka, groupId, transactionalId, n, pollTimeout, retryBackoff);
  }

  public RelayConfig withPollTimeout(Duration timeout) {
    return new RelayConfig(topology, kafka, groupId, transactionalId, maxPollRecords, timeout, retryBackoff);
  }

  public RelayConfig withRetryBackoff(Duration backoff) {
    return new RelayConfig(topology, kafka, groupId, transactionalId, maxPollRecords, pollTimeout, backoff);
  }
}
