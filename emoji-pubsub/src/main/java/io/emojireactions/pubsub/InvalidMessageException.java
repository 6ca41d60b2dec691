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
   * @param reason the dead-letter reason code, e.g. {@link DeadLetters#INVALID_MESSAGE}: 1 to 64
   *     characters of {@code [A-Za-z0-9_.-]} ({@link io.emojireactions.core.DeadLetter#requireReason})
   * @param message what is wrong, for people
   * @throws IllegalArgumentException when {@code reason} breaks that rule
   */
  public InvalidMessageException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = io.emojireactions.core.DeadLetter.requireReason(reason);
  }

  /** The dead-letter reason code. */
  public String reason() {
    return reason;
  }
}
