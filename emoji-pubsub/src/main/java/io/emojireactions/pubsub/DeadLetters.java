package io.emojireactions.pubsub;

import io.emojireactions.core.DeadLetterCodec;

/**
 * The dead-letter contract of the relay. A main-topic record that is not a valid output message
 * goes to {@link FanOutTopology#dlqTopic()} as core's {@link DeadLetterCodec} envelope, the one
 * format of every DLQ of the project (the pipeline's too), with the record's original timestamp:
 *
 * <ul>
 *   <li>key: {@code topic-partition@offset} of the main-topic record;
 *   <li>value: the JSON envelope, whose {@code original} / {@code original_base64} holds the
 *       record's value (cut to fit {@link RelayConfig#deadLetterMaxBytes()}, then {@code
 *       truncated} is true; {@code original_size} and {@code original_sha256} describe the whole
 *       value);
 *   <li>headers (UTF-8 strings), the same values as the JSON fields of the same names:
 *       {@value #REASON} ({@value #EMPTY_MESSAGE}: null or empty value, or {@value
 *       #INVALID_MESSAGE}: not JSON, or neither the output contract nor a Python-job aggregate), {@value #MESSAGE} (a human
 *       explanation, from the parser), {@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION},
 *       {@value #SOURCE_OFFSET}.
 * </ul>
 *
 * Within the main topic's Kafka cluster a dead letter is written exactly once, in the same
 * transaction as the relay's offsets.
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

  private DeadLetters() {}
}
