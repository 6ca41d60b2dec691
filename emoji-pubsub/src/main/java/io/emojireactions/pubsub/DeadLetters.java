package io.emojireactions.pubsub;

/**
 * The dead-letter contract of the relay. A main-topic record that is not a valid output message
 * goes to {@link FanOutTopology#dlqTopic()} with its original key and value bytes, unchanged, its
 * original timestamp, and these headers (UTF-8 strings):
 *
 * <ul>
 *   <li>{@value #REASON}: {@value #EMPTY_MESSAGE} (null or empty value) or {@value #INVALID_MESSAGE}
 *       (not JSON, or neither the output contract nor a Python-job aggregate)
 *   <li>{@value #MESSAGE}: a human explanation (from the parser)
 *   <li>{@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}, {@value #SOURCE_OFFSET}: where it came from
 * </ul>
 *
 * Within the main topic's Kafka cluster a dead letter is written exactly once, in the same
 * transaction as the relay's offsets.
 */
public final class DeadLetters {

  /** Header: why the record is a dead letter, {@value #EMPTY_MESSAGE} or {@value #INVALID_MESSAGE}. */
  public static final String REASON = "reason";
  /** Header: what was wrong, for a person. */
  public static final String MESSAGE = "message";
  /** Header: the topic the record was read from. */
  public static final String SOURCE_TOPIC = "source_topic";
  /** Header: its partition, in decimal. */
  public static final String SOURCE_PARTITION = "source_partition";
  /** Header: its offset, in decimal. */
  public static final String SOURCE_OFFSET = "source_offset";

  /** Reason: the value was null or empty. */
  public static final String EMPTY_MESSAGE = "EMPTY_MESSAGE";
  /** Reason: the value was not JSON of the output contract. */
  public static final String INVALID_MESSAGE = "INVALID_MESSAGE";

  private DeadLetters() {}
}
