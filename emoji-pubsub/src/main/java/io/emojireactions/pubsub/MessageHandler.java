package io.emojireactions.pubsub;

/**
 * What a {@link Subscriber} does with each message. A message counts as handled (and is
 * checkpointed) only when this returns normally; if it throws, the subscriber's
 * {@link SubscriberConfig#onHandlerFailure()} decides: by default it is retried and then
 * dead-lettered (and checkpointed); under {@link OnHandlerFailure#STOP} the subscriber checkpoints
 * the messages before it and stops, and the failed message is delivered again on restart. Throw
 * {@link InvalidMessageException} for a message that can never be handled (no retries), and
 * {@link HandlerUnavailableException} when the handler's own resources are down (always stops).
 */
@FunctionalInterface
public interface MessageHandler {
  void handle(SubscribedMessage message) throws Exception;
}
