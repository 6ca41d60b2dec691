package io.emojireactions.core;

import java.io.Serializable;
import java.util.Objects;

/**
 * The outcome of parsing one input record: either a valid {@link Reaction} or a
 * {@link Rejected} with a reason code and a human message. Never both, never neither.
 *
 * <p>Both implementations are immutable records, thread-safe and serializable.
 */
public sealed interface ParseResult extends Serializable permits ParseResult.Valid, ParseResult.Rejected {

  /** A record that passed every rule. */
  record Valid(Reaction reaction) implements ParseResult {
    /**
     * A valid result.
     *
     * @throws NullPointerException when {@code reaction} is null
     */
    public Valid {
      Objects.requireNonNull(reaction, "reaction");
    }
  }

  /**
   * A record that broke a rule.
   *
   * @param reason the machine-readable reason
   * @param message what was wrong, for a person (never contains the whole input)
   */
  record Rejected(RejectReason reason, String message) implements ParseResult {
    /**
     * A rejection.
     *
     * @throws NullPointerException when {@code reason} or {@code message} is null
     */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** True for {@link Valid}, false for {@link Rejected}. */
  default boolean isValid() {
    return this instanceof Valid;
  }
}
