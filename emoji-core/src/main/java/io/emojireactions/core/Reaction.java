package io.emojireactions.core;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One valid, normalized emoji reaction.
 *
 * <p>Produced by {@link ReactionParser}; {@code emoji} is already normalized (fully-qualified
 * form, optionally skin-tone folded), so two reactions with equal {@code emoji} count together.
 *
 * <p>Immutable and thread-safe; no component is null.
 *
 * @param room the live event or channel; {@code "global"} when the input had none
 * @param userId non-empty, at most 128 characters
 * @param emoji exactly one normalized emoji
 * @param eventTime when the user reacted (event time), millisecond precision
 */
public record Reaction(String room, String userId, String emoji, Instant eventTime) implements Serializable {

  /** The room used when a reaction names none. */
  public static final String DEFAULT_ROOM = "global";

  /**
   * A reaction; the parser has validated and normalized the values.
   *
   * @throws NullPointerException when any component is null
   */
  public Reaction {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(emoji, "emoji");
    Objects.requireNonNull(eventTime, "eventTime");
  }

  /** Event time in epoch milliseconds. */
  public long eventTimeMs() {
    return eventTime.toEpochMilli();
  }
}
