package io.emojireactions.pubsub;

import io.emojireactions.core.DeadLetterCodec;

/**
 * The dead-letter contract of the relay and of subscribers. A record that could not be processed
 * goes to a dead-letter topic (the relay's {@link FanOutTopology#dlqTopic()}, a subscriber's
 * {@link SubscriberConfig#deadLetterTopic()}) as core's {@link DeadLetterCodec} envelope, the one
 * format of every DLQ of the project (the pipeline's too), with the record's original timestamp:
 *
 * <ul>
 *   <li>key: {@code topic-partition@offset} of the source record;
 *   <li>value: the JSON envelope, whose {@code original} / {@code original_base64} holds the
 *       record's value (cut to fit the bound, {@link RelayConfig#deadLetterMaxBytes()} for the
 *       relay, {@link DeadLetterCodec#DEFAULT_MAX_BYTES} for a subscriber; then {@code truncated}
 *       is true; {@code original_size} and {@code original_sha256} describe the whole value);
 *   <li>headers (UTF-8 strings), the same values as the JSON fields of the same names:
 *       {@value #REASON} ({@value #EMPTY_MESSAGE}: null or empty value, {@value #INVALID_MESSAGE}:
 *       not JSON, or neither the output contract nor a Python-job aggregate, or, from a
 *       subscriber, {@value #HANDLER_FAILED}: its handler threw on every attempt, or a reason code
 *       its handler gave to {@link Subscriber#deadLetter}), {@value #MESSAGE} (a human
 *       explanation, from the parser or the handler's exception), {@value #SOURCE_TOPIC},
 *       {@value #SOURCE_PARTITION}, {@value #SOURCE_OFFSET}.
 * </ul>
 *
 * Within the main topic's Kafka cluster the relay writes a dead letter exactly once, in the same
 * transaction as its offsets; a subscriber writes it at least once, acknowledged before its
 * checkpoint passes the record.
 */
public final class DeadLetters {

  /** Header: why the record is a dead letter, {@value #EMPTY_MESSAGE} or {@value #INVALID_MESSAGE}. */
  public static final String REASON = DeadLetterCodec.REASON;
  /** Header: what was wrong, for a person. */
  public static final String MESSAGE = DeadLetterCodec.MESSAGE;
  /** Header: the topic the record was read from. */
  public static final String SOURCE_TOPIC = DeadLetterCodec.SOURCE_TOPIC;
  /** Header: its partition, in decimal. */
  public static final String SOURCE_PARTITION = DeadLetterCodec.SOURCE_PARTITION;
  /** Header: its offset, in decimal. */
  public static final String SOURCE_OFFSET = DeadLetterCodec.SOURCE_OFFSET;

  /** Reason: the value was null or empty. */
  public static final String EMPTY_MESSAGE = "EMPTY_MESSAGE";
  /** Reason: the value was not JSON of the output contract. */
  public static final String INVALID_MESSAGE = "INVALID_MESSAGE";
  /** A subscriber's handler threw on each of its attempts (see {@link OnHandlerFailure#RETRY_THEN_DEAD_LETTER}). */
  public static final String HANDLER_FAILED = "HANDLER_FAILED";

  private DeadLetters() {}
}
