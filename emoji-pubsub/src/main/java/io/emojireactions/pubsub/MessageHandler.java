package io.emojireactions.pubsub;

/**
 * What a {@link Subscriber} does with each message. A message counts as handled (and is
 * checkpointed) only when this returns normally; if it throws, the subscriber checkpoints the
 * messages before it and stops, and the failed message is delivered again on restart.
 */
@FunctionalInterface
public interface MessageHandler {
  void handle(SubscribedMessage message) throws Exception;
}
