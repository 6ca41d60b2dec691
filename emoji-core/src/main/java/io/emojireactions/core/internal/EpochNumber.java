package io.emojireactions.core.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The rule for a timestamp written as a JSON number: its unit is read from its magnitude, so
 * epoch seconds (Python's {@code time.time()}), milliseconds (Java's
 * {@code System.currentTimeMillis()}), microseconds and nanoseconds all land on the instant they
 * mean, and none is read as a day in 1970.
 *
 * <table>
 *   <caption>Bands (n is the number as written, n &ge; 0)</caption>
 *   <tr><th>n</th><th>unit</th><th>instants covered</th></tr>
 *   <tr><td>[0, 1e11)</td><td>seconds</td><td>1970-01-01T00:00:00Z .. 5138-11-16T09:46:40Z</td></tr>
 *   <tr><td>[1e11, 1e14)</td><td>milliseconds</td><td>1973-03-03T09:46:40Z .. 5138-11-16T09:46:40Z</td></tr>
 *   <tr><td>[1e14, 1e17)</td><td>microseconds</td><td>1973-03-03T09:46:40Z .. 5138-11-16T09:46:40Z</td></tr>
 *   <tr><td>[1e17, 1e20)</td><td>nanoseconds</td><td>1973-03-03T09:46:40Z .. 5138-11-16T09:46:40Z</td></tr>
 * </table>
 *
 * <p>Each bound is a factor 1000 apart, so every band covers the same span of instants, and each
 * bound is where the unit below would leave that span (1e11 s is the year 5138) while the unit
 * above is still in early 1973 (1e11 ms is 1973-03-03). The only times a number cannot express
 * in its own unit are therefore milliseconds, microseconds or nanoseconds before 1973-03-03 (read
 * as the next larger unit) and anything from 5138 on; neither is a live reaction. A fraction is
 * allowed in every band and is floored to the millisecond, like a fractional ISO-8601 second.
 * Negative numbers (before 1970) and numbers of 1e20 or more are rejected.
 */
public final class EpochNumber {

  /** Below this, a number is epoch seconds. */
  public static final long SECONDS_BELOW = 100_000_000_000L;
  /** Below this (and from {@link #SECONDS_BELOW}), epoch milliseconds. */
  public static final long MILLIS_BELOW = 100_000_000_000_000L;
  /** Below this (and from {@link #MILLIS_BELOW}), epoch microseconds; from here on nanoseconds. */
  public static final long MICROS_BELOW = 100_000_000_000_000_000L;

  /** Result of the conversions: negative, not a time of any band. */
  public static final long NEGATIVE = -1;
  /** Result of the conversions: 1e20 or more, beyond the nanosecond band. */
  public static final long TOO_LARGE = -2;

  private static final BigDecimal SECONDS_BELOW_DECIMAL = BigDecimal.valueOf(SECONDS_BELOW);
  private static final BigDecimal MILLIS_BELOW_DECIMAL = BigDecimal.valueOf(MILLIS_BELOW);
  private static final BigDecimal MICROS_BELOW_DECIMAL = BigDecimal.valueOf(MICROS_BELOW);
  private static final BigDecimal NANOS_BELOW_DECIMAL = BigDecimal.TEN.pow(20);

  /** The rule in words, for messages and docs. */
  public static final String RULE =
      "an epoch number is seconds below 1e11, milliseconds below 1e14, microseconds below 1e17, nanoseconds below 1e20";

  private EpochNumber() {}

  /**
   * Epoch milliseconds of a whole number {@code n} plus, in the seconds band, the milliseconds of
   * its fraction ({@code fractionMillis}: the first three fraction digits, 0..999; pass 0 for a
   * whole number). Every non-negative long is in a band, so this only answers {@link #NEGATIVE}
   * besides a time.
   */
  public static long toMillis(long n, int fractionMillis) {
    if (n < 0) {
      return NEGATIVE;
    }
    if (n < SECONDS_BELOW) {
      return n * 1000 + fractionMillis;
    }
    if (n < MILLIS_BELOW) {
      return n;
    }
    if (n < MICROS_BELOW) {
      return n / 1000;
    }
    return n / 1_000_000;
  }

  /**
   * Epoch milliseconds (floored) of any JSON number, or {@link #NEGATIVE} / {@link #TOO_LARGE}.
   * Cheap for every input, including huge exponents ({@code 1e-999999999}): the band is chosen by
   * comparing magnitudes, and a value is only rounded once it is known to be at least 1, so its
   * scale is bounded by its digit count.
   */
  public static long toMillis(BigDecimal n) {
    if (n.signum() < 0) {
      return NEGATIVE;
    }
    if (n.compareTo(NANOS_BELOW_DECIMAL) >= 0) {
      return TOO_LARGE;
    }
    BigDecimal ms;
    if (n.compareTo(SECONDS_BELOW_DECIMAL) < 0) {
      ms = n.movePointRight(3);
    } else if (n.compareTo(MILLIS_BELOW_DECIMAL) < 0) {
      ms = n;
    } else if (n.compareTo(MICROS_BELOW_DECIMAL) < 0) {
      ms = n.movePointLeft(3);
    } else {
      ms = n.movePointLeft(6);
    }
    if (ms.compareTo(BigDecimal.ONE) < 0) {
      return 0;
    }
    return ms.setScale(0, RoundingMode.FLOOR).longValueExact();
  }
}
