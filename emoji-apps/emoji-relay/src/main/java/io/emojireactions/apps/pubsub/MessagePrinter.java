package io.emojireactions.apps.pubsub;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.pubsub.InvalidMessageException;
import io.emojireactions.pubsub.MaxMergeView;
import io.emojireactions.pubsub.MessageHandler;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * How {@code emoji subscribe} prints: one JSON object per line, or a readable table of the merged
 * counts. Either way only output messages are printed: any other record (no value, not JSON, not
 * the output contract, not UTF-8) is reported on the error stream as {@code skipped
 * TOPIC-PARTITION@OFFSET: REASON: explanation}, with control characters escaped so hostile bytes
 * never reach the terminal, and counted.
 */
public enum MessagePrinter {
  /** Each output message as published, one per line (line breaks between its tokens become spaces). */
  JSON,
  /** A header, then one aligned row per message showing the merged (max) count of its key. */
  TABLE;

  static final String TABLE_HEADER = String.format(Locale.ROOT, "%-24s %-16s %-6s %10s %10s %-5s",
      "window_start", "room", "emoji", "count", "scaled", "final");

  /** {@link #handler(PrintStream, PrintStream, LongAdder)} without counting the skipped messages. */
  public MessageHandler handler(PrintStream out, PrintStream err) {
    return handler(out, err, new LongAdder());
  }

  /**
   * A handler printing to {@code out} (flushed per message, so a pipe sees it live); a message that
   * is not an output message is reported on {@code err}, added to {@code skipped}, and not printed.
   */
  public MessageHandler handler(PrintStream out, PrintStream err, LongAdder skipped) {
    MaxMergeView view = this == TABLE ? new MaxMergeView() : null;
    if (this == TABLE) {
      out.println(TABLE_HEADER);
      out.flush();
    }
    return message -> {
      WindowedCount count;
      try {
        count = message.count();
      } catch (InvalidMessageException e) {
        skipped.increment();
        err.println("skipped " + message.topic() + "-" + message.partition() + "@" + message.offset() + ": " + e.reason() + ": "
            + printable(e.getMessage()));
        err.flush();
        return;
      }
      if (view == null) {
        // A valid message holds no raw line break inside a string (JSON forbids it), so any is whitespace between tokens.
        out.println(message.json().replace('\n', ' ').replace('\r', ' '));
      } else {
        out.println(row(view.merge(count)));
      }
      out.flush();
    };
  }

  /** {@code text} with every control character (and line separator) written as a Java-style unicode escape: safe for a terminal, one line. */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x2029) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }

  /** One table row; the emoji column is padded by code points, terminals show most emojis 2 wide. */
  static String row(WindowedCount count) {
    return String.format(Locale.ROOT, "%-24s %-16s %-6s %10d %10d %-5s",
        count.window().start(), count.room(), count.emoji(), count.reactionCount(), count.scaledReactions(), count.isFinal() ? "yes" : "no");
  }
}
