package io.emojireactions.pubsub;

/**
 * What a {@link Subscriber} does with each message. A message counts as handled (and is
 * checkpointed) only when this returns normally; if it throws, the subscriber's
 * {@link SubscriberConfig#onHandlerFailure()} decides: by default it is retried and then
 * dead-lettered (and checkpointed); under {@link OnHandlerFailure#STOP} the subscriber checkpoints
 * the messages before it and stops, and the failed message is delivered again on restart. Throw
 * {@link InvalidMessageException} for a message that can never be handled (no retries), and
 * {@link HandlerUnavailableException} when the handler's own resources are down (always stops).
 *
 * <p>Called on the thread that runs {@link Subscriber#run}, one message at a time, so an
 * implementation needs no locking of its own unless other threads share its state.
 */
@FunctionalInterface
public interface MessageHandler {
  /**
   * Handles one message; called on the subscriber's thread, one message at a time.
   *
   * @param message the message, never null
   * @throws Exception to stop the subscriber without checkpointing this message
   */
  void handle(SubscribedMessage message) throws Exception;
}
