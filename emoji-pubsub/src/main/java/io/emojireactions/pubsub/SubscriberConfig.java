package io.emojireactions.pubsub;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Subscriber} reads. Immutable; the {@code with…} methods return changed copies.
 *
 * @param kafka the Kafka cluster the topic lives on
 * @param topic one cluster topic or sub-topic
 * @param groupId this subscriber's own consumer group: give each subscriber a distinct id, so
 *     that each gets every message of the topic (subscribers sharing an id split the partitions)
 * @param startFrom where to start, see {@link StartFrom}
 * @param pollTimeout how long one poll waits for messages
 * @param maxPollRecords the largest number of messages handled between two checkpoints
 * @param instanceId optional {@code group.instance.id} (static membership): a subscriber restarted
 *     after a crash with the same id takes its partitions back at once, instead of waiting for the
 *     dead member's {@code session.timeout.ms}; distinct per process within one group
 */
public record SubscriberConfig(
    KafkaConnection kafka,
    String topic,
    String groupId,
    StartFrom startFrom,
    Duration pollTimeout,
    int maxPollRecords,
    Optional<String> instanceId) {

  public SubscriberConfig {
    Objects.requireNonNull(kafka, "kafka");
    TopicNames.requireValid("topic", topic);
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("groupId must not be blank, but was '" + groupId + "'");
    }
    Objects.requireNonNull(startFrom, "startFrom");
    if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero()) {
      throw new IllegalArgumentException("pollTimeout must be > 0, but was " + pollTimeout);
    }
    if (maxPollRecords <= 0) {
      throw new IllegalArgumentException("maxPollRecords must be > 0, but was " + maxPollRecords);
    }
    Objects.requireNonNull(instanceId, "instanceId");
    if (instanceId.isPresent() && instanceId.get().isBlank()) {
      throw new IllegalArgumentException("instanceId must not be blank, but was '" + instanceId.get() + "'");
    }
  }

  /** Resumes from the checkpoint, polls up to 200 ms, at most 500 messages per checkpoint. */
  public static SubscriberConfig of(KafkaConnection kafka, String topic, String groupId) {
    return new SubscriberConfig(kafka, topic, groupId, StartFrom.checkpoint(), Duration.ofMillis(200), 500, Optional.empty());
  }

  public SubscriberConfig withStartFrom(StartFrom start) {
    return new SubscriberConfig(kafka, topic, groupId, start, pollTimeout, maxPollRecords, instanceId);
  }

  public SubscriberConfig withPollTimeout(Duration timeout) {
    return new SubscriberConfig(kafka, topic, groupId, startFrom, timeout, maxPollRecords, instanceId);
  }

  public SubscriberConfig withMaxPollRecords(int n) {
    return new SubscriberConfig(kafka, topic, groupId, startFrom, pollTimeout, n, instanceId);
  }

  /** Static membership with this {@code group.instance.id}, see the record's description. */
  public SubscriberConfig withInstanceId(String id) {
    return new SubscriberConfig(kafka, topic, groupId, startFrom, pollTimeout, maxPollRecords, Optional.of(id));
  }
}
