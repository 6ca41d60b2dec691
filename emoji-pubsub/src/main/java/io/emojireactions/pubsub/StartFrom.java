package io.emojireactions.pubsub;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a {@link Subscriber} starts reading the partitions it is given the first time in its life.
 *
 * <ul>
 *   <li>{@link #checkpoint()}: the group's committed offsets; where the group has none yet, the
 *       earliest retained message (a new subscriber first catches up, then follows live).
 *   <li>{@link #earliest()}: the earliest retained message, ignoring the checkpoint (replay).
 *   <li>{@link #latest()}: only messages that arrive from now on.
 *   <li>{@link #at(Instant)}: the first message whose record timestamp is at or after the instant
 *       (Kafka's {@code offsetsForTimes}); the end when there is none.
 * </ul>
 *
 * After the start, progress is checkpointed and a rebalance resumes from the checkpoint.
 *
 * <p>Every implementation is immutable and thread-safe.
 */
public sealed interface StartFrom permits StartFrom.Checkpoint, StartFrom.Earliest, StartFrom.Latest, StartFrom.At {

  /** The committed offsets; the earliest message where the group has none. */
  static StartFrom checkpoint() {
    return Checkpoint.INSTANCE;
  }

  /** The earliest retained message, ignoring the committed offsets. */
  static StartFrom earliest() {
    return Earliest.INSTANCE;
  }

  /** Only messages that arrive after the subscriber is positioned. */
  static StartFrom latest() {
    return Latest.INSTANCE;
  }

  /**
   * The first message with a record timestamp at or after {@code instant}.
   *
   * @throws NullPointerException when {@code instant} is null
   */
  static StartFrom at(Instant instant) {
    return new At(instant);
  }

  /** Parses {@code checkpoint}, {@code earliest}, {@code latest} or an ISO-8601 instant such as {@code 2025-10-29T22:31:00Z}. */
  static StartFrom parse(String text) {
    String s = text == null ? "" : text.trim();
    switch (s.toLowerCase(Locale.ROOT)) {
      case "checkpoint":
        return checkpoint();
      case "earliest":
        return earliest();
      case "latest":
        return latest();
      default:
        try {
          return at(Instant.parse(s));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(
              "start position must be checkpoint, earliest, latest or an ISO-8601 instant like 2025-10-29T22:31:00Z, but was '" + text + "'", e);
        }
    }
  }

  /** Resume from the committed offsets. */
  final class Checkpoint implements StartFrom {
    private static final Checkpoint INSTANCE = new Checkpoint();

    private Checkpoint() {}

    @Override
    public String toString() {
      return "checkpoint";
    }
  }

  /** From the beginning of the retained log. */
  final class Earliest implements StartFrom {
    private static final Earliest INSTANCE = new Earliest();

    private Earliest() {}

    @Override
    public String toString() {
      return "earliest";
    }
  }

  /** From the end of the log. */
  final class Latest implements StartFrom {
    private static final Latest INSTANCE = new Latest();

    private Latest() {}

    @Override
    public String toString() {
      return "latest";
    }
  }

  /** From the first record with a timestamp at or after {@code instant}. */
  record At(Instant instant) implements StartFrom {
    /**
     * A start instant.
     *
     * @throws NullPointerException when {@code instant} is null
     */
    public At {
      Objects.requireNonNull(instant, "instant");
    }

    @Override
    public String toString() {
      return instant.toString();
    }
  }
}
