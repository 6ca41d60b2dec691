package io.emojireactions.pubsub;

/**
 * What a {@link Subscriber} does when its handler throws ({@link SubscriberConfig#onHandlerFailure()}).
 */
public enum OnHandlerFailure {

  /**
   * The default. Calls the handler again, up to {@link SubscriberConfig#maxAttempts()} times in
   * all, waiting {@link SubscriberConfig#retryBackoff()} before the first retry and twice as long
   * before each next one, at most {@link SubscriberConfig#maxRetryBackoff()}; if every attempt
   * throws, writes the message to {@link SubscriberConfig#deadLetterTopic()} with the reason
   * {@value DeadLetters#HANDLER_FAILED} and the exception's message, and carries on: the checkpoint
   * passes it. An {@link InvalidMessageException} is not retried (the same bytes fail again): it is
   * dead-lettered at once with its own reason. A {@link HandlerUnavailableException} stops the
   * subscriber as {@link #STOP} does.
   *
   * <p>In batch mode the whole batch is retried first; if it still fails, its messages are handed
   * to the handler one at a time (each as a batch of one, in order, each with its own attempts), so
   * only the messages that fail on their own are dead-lettered.
   */
  RETRY_THEN_DEAD_LETTER,

  /**
   * The subscriber checkpoints the messages handled before the failed one (in batch mode: the
   * batches before it) and stops, throwing a {@link SubscriberException}; after a restart the
   * failed message is delivered again.
   */
  STOP
}
