package io.emojireactions.pubsub;

/**
 * What {@link TopologyAdmin} found or did for one topic.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bootstrapServers the Kafka cluster of the topic
 * @param topic the topic name
 * @param outcome created, already there as wanted, or there but different
 * @param partitions the topic's partition count now
 * @param message a human explanation (for a mismatch: what differs and what to do)
 */
public record TopicStatus(String bootstrapServers, String topic, Outcome outcome, int partitions, String message) {

  /** The result of ensuring one topic. */
  public enum Outcome {
    /** The topic did not exist and was created. */
    CREATED,
    /** The topic existed with the wanted partition count and replication factor. */
    EXISTS,
    /** The topic exists with another partition count or replication factor; left unchanged. */
    MISMATCH
  }

  /** True unless the outcome is {@link Outcome#MISMATCH}. */
  public boolean ok() {
    return outcome != Outcome.MISMATCH;
  }
}
