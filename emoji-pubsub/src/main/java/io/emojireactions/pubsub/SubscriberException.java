package io.emojireactions.pubsub;

/** A {@link MessageHandler} failed; the message named here was not checkpointed and will be delivered again. */
public final class SubscriberException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SubscriberException(String message, Throwable cause) {
    super(message, cause);
  }
}
