package io.emojireactions.core;

import java.util.Locale;

/** How windowed counts are emitted; the same meaning as Spark's output modes of those names. */
public enum OutputMode {
  /** A window is re-emitted with its higher count at each batch in which it changed. */
  UPDATE,
  /** Each window is emitted once, final, after the watermark passes its end. */
  APPEND;

  /** Parses {@code update} or {@code append}, case-insensitively. */
  public static OutputMode parse(String text) {
    if (text != null) {
      switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "update":
          return UPDATE;
        case "append":
          return APPEND;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("output mode must be 'update' or 'append', but was '" + text + "'");
  }
}
