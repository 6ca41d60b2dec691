package io.emojireactions.pubsub;

import java.time.Duration;

/**
 * Observes a {@link Subscriber}: one method per outcome of a message (metrics, logs, tests). Called
 * on the subscriber's thread; keep it quick. Every method has an empty default. The same outcomes
 * are counted by {@link Subscriber#handledCount()}, {@link Subscriber#retryCount()} and
 * {@link Subscriber#deadLetterCount()}.
 */
public interface SubscriberListener {

  /** The handler returned normally for {@code messages} messages (one, or a batch). */
  default void onHandled(int messages) {}

  /** The handler threw on attempt {@code attempt} (1 = the first); it is called again after {@code backoff}. */
  default void onRetry(int attempt, Duration backoff, Exception cause) {}

  /** {@code message} was written to the dead-letter topic with {@code reason} (acknowledged). */
  default void onDeadLettered(SubscribedMessage message, String reason, String explanation) {}

  /** The subscriber stops because of {@code cause}; {@link Subscriber#run} throws it wrapped next. */
  default void onStopped(Exception cause) {}

  SubscriberListener NONE = new SubscriberListener() {};
}
