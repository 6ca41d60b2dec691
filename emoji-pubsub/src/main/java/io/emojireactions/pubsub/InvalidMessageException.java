package io.emojireactions.pubsub;

/**
 * A message is not a valid output message, so handling it again can never succeed. Thrown by
 * {@link SubscribedMessage#count()}; a handler may throw it too. Under
 * {@link OnHandlerFailure#RETRY_THEN_DEAD_LETTER} such a message is dead-lettered at once with
 * {@link #reason()}, without retries.
 */
public final class InvalidMessageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * @param reason the dead-letter reason code, e.g. {@link DeadLetters#INVALID_MESSAGE}
   * @param message what is wrong, for people
   */
  public InvalidMessageException(String reason, String message, Throwable cause) {
    super(message, cause);
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank, but was '" + reason + "'");
    }
    this.reason = reason;
  }

  /** The dead-letter reason code. */
  public String reason() {
    return reason;
  }
}
