package io.emojireactions.apps.simulate.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.LocalDate;

/** Builds the JSON text of generated records: fast, allocation-light, field order like the seed's client. */
public final class JsonText {

  private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

  private JsonText() {}

  /** Appends {@code "value"} with JSON escaping. */
  public static StringBuilder appendString(StringBuilder out, String value) {
    out.append('"');
    ENCODER.quoteAsString(value, out);
    return out.append('"');
  }

  /** Appends {@code ,"name":"value"} (or without the comma when {@code first}). */
  public static StringBuilder appendField(StringBuilder out, boolean first, String name, String value) {
    if (!first) {
      out.append(',');
    }
    appendString(out, name).append(':');
    return appendString(out, value);
  }

  /**
   * Appends epoch microseconds as {@code yyyy-MM-ddTHH:mm:ss.SSSSSS} in UTC, like Python's
   * {@code datetime.isoformat()} with microseconds: the seed's timestamp form. Shifted by
   * {@code offsetSeconds} first (for texts that carry an offset).
   */
  public static StringBuilder appendLocalDateTime(StringBuilder out, long epochMicros, int offsetSeconds) {
    long micros = epochMicros + offsetSeconds * 1_000_000L;
    long days = Math.floorDiv(micros, 86_400_000_000L);
    long microOfDay = Math.floorMod(micros, 86_400_000_000L);
    LocalDate date = LocalDate.ofEpochDay(days);
    pad(out, date.getYear(), 4).append('-');
    pad(out, date.getMonthValue(), 2).append('-');
    pad(out, date.getDayOfMonth(), 2).append('T');
    long seconds = microOfDay / 1_000_000L;
    pad(out, seconds / 3600, 2).append(':');
    pad(out, seconds / 60 % 60, 2).append(':');
    pad(out, seconds % 60, 2).append('.');
    return pad(out, microOfDay % 1_000_000L, 6);
  }

  private static StringBuilder pad(StringBuilder out, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }
}
