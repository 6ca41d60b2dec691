package io.emojireactions.core.internal;

/** Helpers to describe input in error messages without echoing it at length. */
public final class Text {

  private static final int MAX_SNIPPET = 40;

  private Text() {}

  /**
   * {@code s} quoted, cut to a few dozen characters, control characters shown as {@code ?} and
   * unpaired surrogates as U+FFFD.
   */
  public static String snippet(String s) {
    if (s == null) {
      return "null";
    }
    int end = Math.min(s.length(), MAX_SNIPPET);
    if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    StringBuilder sb = new StringBuilder(end + 8).append('\'');
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append('\uFFFD'); // messages must stay valid Unicode for the DLQ and logs
      } else {
        sb.append(Character.isISOControl(c) ? '?' : c);
      }
    }
    sb.append('\'');
    if (end < s.length()) {
      sb.append("... (").append(s.length()).append(" chars)");
    }
    return sb.toString();
  }

  /** Shortens a library message (Jackson's) to one bounded line. */
  public static String shorten(String message) {
    if (message == null) {
      return "unknown error";
    }
    String oneLine = message.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "...";
  }

  /**
   * Why {@code s} is not acceptable as a short identifier (user id, room), or null when it is:
   * non-empty, at most {@code maxCodePoints} code points, no control characters, no unpaired
   * surrogates (they cannot be written as UTF-8 downstream).
   */
  public static String identifierProblem(String s, int maxCodePoints) {
    int n = s.length();
    if (n == 0) {
      return "is empty";
    }
    int codePoints = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return "contains a control character at index " + i;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return "contains an unpaired surrogate at index " + i;
        }
      }
      codePoints++;
    }
    if (codePoints > maxCodePoints) {
      return "is " + codePoints + " characters long, the limit is " + maxCodePoints;
    }
    return null;
  }
}
