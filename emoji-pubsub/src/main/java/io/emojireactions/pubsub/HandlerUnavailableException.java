package io.emojireactions.pubsub;

/**
 * Thrown by a handler whose own resources are out of service (its database is unreachable, say):
 * the failure is not the message's, so the subscriber stops as under {@link OnHandlerFailure#STOP}
 * whatever its policy, rather than dead-letter good messages; after a restart the message is
 * delivered again.
 */
public final class HandlerUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public HandlerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
