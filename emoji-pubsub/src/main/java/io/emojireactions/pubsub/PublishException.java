package io.emojireactions.pubsub;

/** A message could not be delivered to Kafka; the caller should retry the batch (at-least-once). */
public final class PublishException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message and the client's failure as the cause. */
  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
