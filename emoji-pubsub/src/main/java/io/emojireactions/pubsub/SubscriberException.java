package io.emojireactions.pubsub;

/**
 * A {@link Subscriber} stopped because a {@link MessageHandler} or {@link BatchHandler} failed (under
 * {@link OnHandlerFailure#STOP}, or a {@link HandlerUnavailableException}) or a dead letter could
 * not be written; the message (or batch) named here was not checkpointed and will be delivered
 * again. The handler's (or producer's) exception is the cause.
 */
public final class SubscriberException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the message or batch, with the handler's exception as the cause. */
  public SubscriberException(String message, Throwable cause) {
    super(message, cause);
  }
}
