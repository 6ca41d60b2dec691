package io.emojireactions.core.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Allocation-free ISO-8601 date-time parsing and formatting for the hot path.
 *
 * <p>Accepted: {@code yyyy-MM-ddTHH:mm[:ss[.fraction]]} (fraction of 1 to 9 digits) and an
 * optional zone: {@code Z}, {@code ±HH:MM}, {@code ±HHMM} or {@code ±HH}. Four-digit years only.
 * One space may stand for the {@code T} ({@code 2025-10-29 22:31:00}, as Python's
 * {@code str(datetime)} and Spark's timestamp-to-string cast write it); everything else is the same.
 * Fractions are truncated (floored) to milliseconds, never rounded, so the millisecond is the
 * one Spark's microsecond timestamp falls in.
 */
public final class IsoTime {

  /** Result of {@link #parse}: not the accepted shape. */
  public static final long INVALID = Long.MIN_VALUE;

  /** Result of {@link #parse}: the shape has no zone and {@code zoneRequired} was set. */
  public static final long NO_ZONE = Long.MIN_VALUE + 1;

  private static final int NONE = Integer.MIN_VALUE;

  private IsoTime() {}

  /**
   * Parses {@code len} chars of {@code buf} from {@code off} to epoch milliseconds (floored).
   *
   * @param defaultZone the zone of a date-time written without one; ignored when it has one
   * @param zoneRequired when true, a date-time without zone gives {@link #NO_ZONE}
   * @return epoch ms, or {@link #INVALID} / {@link #NO_ZONE}
   */
  public static long parse(char[] buf, int off, int len, ZoneId defaultZone, ZoneOffset fixedDefault, boolean zoneRequired) {
    // yyyy-MM-ddTHH:mm (or with a space for the T) is 16 chars; seconds are optional as in ISO_LOCAL_TIME (Java's
    // LocalDateTime.toString() leaves out zero seconds).
    if (len < 16) {
      return INVALID;
    }
    int end = off + len;
    int year = digits(buf, off, 4);
    int month = digits(buf, off + 5, 2);
    int day = digits(buf, off + 8, 2);
    int hour = digits(buf, off + 11, 2);
    int minute = digits(buf, off + 14, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0
        || buf[off + 4] != '-' || buf[off + 7] != '-' || (buf[off + 10] != 'T' && buf[off + 10] != ' ')
        || buf[off + 13] != ':') {
      return INVALID;
    }
    int i = off + 16;
    int second = 0;
    boolean hasSeconds = i < end && buf[i] == ':';
    if (hasSeconds) {
      if (len < 19 || (second = digits(buf, off + 17, 2)) < 0) {
        return INVALID;
      }
      i = off + 19;
    }
    if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
        || hour > 23 || minute > 59 || second > 59) {
      return INVALID;
    }
    int millis = 0;
    int nanos = 0;
    if (hasSeconds && i < end && buf[i] == '.') {
      i++;
      int start = i;
      while (i < end && buf[i] >= '0' && buf[i] <= '9' && i - start < 9) {
        nanos = nanos * 10 + (buf[i] - '0');
        i++;
      }
      int count = i - start;
      if (count == 0 || (i < end && buf[i] >= '0' && buf[i] <= '9')) {
        return INVALID;
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
      millis = nanos / 1_000_000;
    }
    int offsetSeconds;
    if (i == end) {
      if (zoneRequired) {
        return NO_ZONE;
      }
      if (fixedDefault == null) {
        Instant instant =
            ZonedDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second, nanos), defaultZone).toInstant();
        return instant.getEpochSecond() * 1000 + instant.getNano() / 1_000_000;
      }
      offsetSeconds = fixedDefault.getTotalSeconds();
    } else {
      offsetSeconds = offset(buf, i, end);
      if (offsetSeconds == NONE) {
        return INVALID;
      }
    }
    long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return epochSecond * 1000 + millis;
  }

  /** The zone suffix from {@code i} to {@code end} in seconds, or NONE. */
  private static int offset(char[] buf, int i, int end) {
    int len = end - i;
    char sign = buf[i];
    if (sign == 'Z') {
      return len == 1 ? 0 : NONE;
    }
    if (sign != '+' && sign != '-') {
      return NONE;
    }
    int hours;
    int minutes = 0;
    if (len == 3) {
      hours = digits(buf, i + 1, 2);
    } else if (len == 5) {
      hours = digits(buf, i + 1, 2);
      minutes = digits(buf, i + 3, 2);
    } else if (len == 6 && buf[i + 3] == ':') {
      hours = digits(buf, i + 1, 2);
      minutes = digits(buf, i + 4, 2);
    } else {
      return NONE;
    }
    if (hours < 0 || minutes < 0 || minutes > 59 || hours * 60 + minutes > 18 * 60) {
      return NONE;
    }
    int total = hours * 3600 + minutes * 60;
    return sign == '-' ? -total : total;
  }

  private static int digits(char[] buf, int at, int count) {
    int value = 0;
    for (int k = 0; k < count; k++) {
      int d = buf[at + k] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  private static int lengthOfMonth(int year, int month) {
    switch (month) {
      case 2:
        return isLeap(year) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long mp = (month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  // ---- formatting ----

  private static final long MIN_FAST_MS = -62_167_219_200_000L; // 0000-01-01T00:00:00Z
  private static final long MAX_FAST_MS = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

  /**
   * Epoch milliseconds as {@link java.time.format.DateTimeFormatter#ISO_INSTANT} writes them:
   * {@code 2025-10-29T22:31:00Z}, or with {@code .SSS} when the millisecond is not zero.
   */
  public static String format(long epochMs) {
    if (epochMs < MIN_FAST_MS || epochMs > MAX_FAST_MS) {
      return Instant.ofEpochMilli(epochMs).toString();
    }
    long epochSecond = Math.floorDiv(epochMs, 1000);
    int millis = (int) Math.floorMod(epochMs, 1000);
    long days = Math.floorDiv(epochSecond, 86_400);
    int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
    // days-to-civil (Hinnant)
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    char[] out = new char[millis == 0 ? 20 : 24];
    put(out, 0, year, 4);
    out[4] = '-';
    put(out, 5, month, 2);
    out[7] = '-';
    put(out, 8, day, 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    if (millis == 0) {
      out[19] = 'Z';
    } else {
      out[19] = '.';
      put(out, 20, millis, 3);
      out[23] = 'Z';
    }
    return new String(out);
  }

  private static void put(char[] out, int at, int value, int width) {
    for (int k = width - 1; k >= 0; k--) {
      out[at + k] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
