package io.emojireactions.pubsub;

/**
 * The dead-letter contract of the relay and of subscribers. A record that could not be processed
 * goes to a dead-letter topic (the relay's {@link FanOutTopology#dlqTopic()}, a subscriber's
 * {@link SubscriberConfig#deadLetterTopic()}) with its original key and value bytes, unchanged,
 * its original timestamp, and these headers (UTF-8 strings):
 *
 * <ul>
 *   <li>{@value #REASON}: {@value #EMPTY_MESSAGE} (null or empty value), {@value #INVALID_MESSAGE}
 *       (not JSON, or neither the output contract nor a Python-job aggregate), or, from a
 *       subscriber, {@value #HANDLER_FAILED} (its handler threw on every attempt) or a reason
 *       code its handler gave to {@link Subscriber#deadLetter}
 *   <li>{@value #MESSAGE}: a human explanation (from the parser, or the handler's exception)
 *   <li>{@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}, {@value #SOURCE_OFFSET}: where it came from
 * </ul>
 *
 * Within the main topic's Kafka cluster the relay writes a dead letter exactly once, in the same
 * transaction as its offsets; a subscriber writes it at least once, acknowledged before its
 * checkpoint passes the record.
 */
public final class DeadLetters {

  public static final String REASON = "reason";
  public static final String MESSAGE = "message";
  public static final String SOURCE_TOPIC = "source_topic";
  public static final String SOURCE_PARTITION = "source_partition";
  public static final String SOURCE_OFFSET = "source_offset";

  public static final String EMPTY_MESSAGE = "EMPTY_MESSAGE";
  public static final String INVALID_MESSAGE = "INVALID_MESSAGE";
  /** A subscriber's handler threw on each of its attempts (see {@link OnHandlerFailure#RETRY_THEN_DEAD_LETTER}). */
  public static final String HANDLER_FAILED = "HANDLER_FAILED";

  private DeadLetters() {}
}
