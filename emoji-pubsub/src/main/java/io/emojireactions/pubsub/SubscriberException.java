package io.emojireactions.pubsub;

/**
 * A {@link MessageHandler} or {@link BatchHandler} failed; the message (or batch) named here was not
 * checkpointed and will be delivered again. The handler's exception is the cause.
 */
public final class SubscriberException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the message or batch, with the handler's exception as the cause. */
  public SubscriberException(String message, Throwable cause) {
    super(message, cause);
  }
}
