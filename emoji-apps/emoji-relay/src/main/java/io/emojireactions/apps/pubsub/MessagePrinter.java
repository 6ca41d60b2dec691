package io.emojireactions.apps.pubsub;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.pubsub.MaxMergeView;
import io.emojireactions.pubsub.MessageHandler;
import java.io.PrintStream;
import java.util.Locale;

/** How {@code emoji subscribe} prints: one JSON object per line, or a readable table of the merged counts. */
public enum MessagePrinter {
  /** Each message exactly as published, one per line. */
  JSON,
  /** A header, then one aligned row per message showing the merged (max) count of its key. */
  TABLE;

  static final String TABLE_HEADER = String.format(Locale.ROOT, "%-24s %-16s %-6s %10s %10s %-5s",
      "window_start", "room", "emoji", "count", "scaled", "final");

  /**
   * A handler printing to {@code out} (flushed per message, so a pipe sees it live). In table
   * mode a message that is not the output contract is reported on {@code err} and skipped.
   */
  public MessageHandler handler(PrintStream out, PrintStream err) {
    if (this == JSON) {
      return message -> {
        out.println(message.json());
        out.flush();
      };
    }
    MaxMergeView view = new MaxMergeView();
    out.println(TABLE_HEADER);
    out.flush();
    return message -> {
      WindowedCount count;
      try {
        count = message.count();
      } catch (IllegalArgumentException e) {
        err.println("skipped " + message.topic() + "-" + message.partition() + "@" + message.offset() + ": " + e.getMessage());
        return;
      }
      out.println(row(view.merge(count)));
      out.flush();
    };
  }

  /** One table row; the emoji column is padded by code points, terminals show most emojis 2 wide. */
  static String row(WindowedCount count) {
    return String.format(Locale.ROOT, "%-24s %-16s %-6s %10d %10d %-5s",
        count.window().start(), count.room(), count.emoji(), count.reactionCount(), count.scaledReactions(), count.isFinal() ? "yes" : "no");
  }
}
