package io.emojireactions.apps.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The one parser of durations on the command line: a whole number and a unit, {@code 500ms},
 * {@code 2s}, {@code 1m}, {@code 1h} (also {@code 0}, and ISO-8601 like {@code PT2S}).
 */
public final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
      String unit = m.group(2);
      if (unit == null) {
        if (n != 0) {
          throw new IllegalArgumentException("duration '" + text + "' needs a unit: ms, s, m or h (e.g. 2s, 500ms)");
        }
        return Duration.ZERO;
      }
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    if (t.startsWith("pt") || t.startsWith("p")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw invalid(text);
      }
    }
    throw invalid(text);
  }

  /** {@code 2s}, {@code 500ms}, {@code 1m}: the shortest form {@link #parse} reads back. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "duration must be a whole number with a unit (500ms, 2s, 1m, 1h) or ISO-8601 (PT2S), but was '" + text + "'");
  }

  /** picocli converter, so every command's duration flags read the same way. */
  public static final class Converter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
