package io.emojireactions.apps.query;

import io.emojireactions.apps.internal.CommandLines;

import io.emojireactions.apps.warehouse.WarehouseCommand;

import io.emojireactions.apps.query.WarehouseQueries;
import io.emojireactions.core.EmojiNormalizer;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code emoji query}: answers from the warehouse's SQL views.
 *
 * <pre>
 * bin/emoji query top --room match-7 --last 10m        # top emojis per minute of a room
 * bin/emoji query timeline --emoji 🔥 --last 1h         # reactions per minute of one emoji
 * </pre>
 *
 * <p>"Last" counts back from {@code --until}, by default the end of the newest window in the
 * warehouse. {@code --jdbc-url} defaults to the embedded database of {@code emoji warehouse}.
 */
@Command(name = "query", mixinStandardHelpOptions = true, description = "Ask the PostgreSQL warehouse: top emojis per minute, one emoji's timeline.",
    subcommands = {QueryCommand.Top.class, QueryCommand.Timeline.class})
public final class QueryCommand implements Callable<Integer> {

  /** Runs {@code emoji query} on its own: {@code java -cp … io.emojireactions.apps.query.QueryCommand FLAGS}. */
  public static void main(String[] args) {
    CommandLines.exit(new QueryCommand(), args);
  }

  @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = WarehouseCommand.DEFAULT_JDBC_URL, scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "PostgreSQL JDBC URL. Default: ${DEFAULT-VALUE} (the embedded warehouse).")
  String jdbcUrl;

  @Override
  public Integer call() {
    System.err.println("emoji query: name a question: top or timeline (see --help)");
    return 2;
  }

  /** {@code emoji query top}. */
  @Command(name = "top", mixinStandardHelpOptions = true, description = "Top emojis per minute of one room.")
  static final class Top implements Callable<Integer> {
    @ParentCommand QueryCommand parent;

    @Option(names = "--room", defaultValue = "global", description = "Room. Default: ${DEFAULT-VALUE}.")
    String room;

    @Option(names = "--last", defaultValue = "10m", description = "Span back from --until: 30s, 10m, 1h, PT10M. Default: ${DEFAULT-VALUE}.")
    String last;

    @Option(names = "--limit", defaultValue = "5", description = "Emojis per minute. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--until", description = "End of the span, ISO-8601 (2025-10-29T22:40:00Z). Default: end of the newest window.")
    String until;

    @Override
    public Integer call() {
      return top(parent.jdbcUrl, room, last, limit, until, System.out, System.err);
    }
  }

  /** {@code emoji query timeline}. */
  @Command(name = "timeline", mixinStandardHelpOptions = true, description = "Reactions per minute of one emoji.")
  static final class Timeline implements Callable<Integer> {
    @ParentCommand QueryCommand parent;

    @Option(names = "--emoji", required = true, description = "The emoji (any accepted spelling: ❤ is ❤️).")
    String emoji;

    @Option(names = "--room", description = "Only this room. Default: all rooms summed.")
    String room;

    @Option(names = "--last", defaultValue = "1h", description = "Span back from --until: 30s, 10m, 1h, PT1H. Default: ${DEFAULT-VALUE}.")
    String last;

    @Option(names = "--until", description = "End of the span, ISO-8601. Default: end of the newest window.")
    String until;

    @Override
    public Integer call() {
      return timeline(parent.jdbcUrl, emoji, room, last, until, System.out, System.err);
    }
  }

  /** Prints {@code minute rank emoji reactions} lines; returns the exit code (2 for bad arguments, 1 for database errors). */
  public static int top(String jdbcUrl, String room, String last, int limit, String until, PrintStream out, PrintStream err) {
    Duration span;
    Optional<Instant> end;
    try {
      span = WarehouseQueries.parseSpan(last);
      end = parseUntil(until);
      if (limit < 1) {
        throw new IllegalArgumentException("--limit must be >= 1, but was " + limit);
      }
    } catch (IllegalArgumentException e) {
      err.println("emoji query top: " + e.getMessage());
      return 2;
    }
    try (Connection db = DriverManager.getConnection(jdbcUrl)) {
      List<WarehouseQueries.TopRow> rows = WarehouseQueries.top(db, room, span, limit, end);
      out.println("minute\trank\temoji\treactions");
      rows.forEach(r -> out.println(r.minute() + "\t" + r.rank() + "\t" + r.emoji() + "\t" + r.reactions()));
      return 0;
    } catch (SQLException e) {
      err.println("emoji query top: " + describe(e));
      return 1;
    }
  }

  /** Prints {@code minute reactions} lines; returns the exit code. */
  public static int timeline(String jdbcUrl, String emoji, String room, String last, String until, PrintStream out, PrintStream err) {
    Duration span;
    Optional<Instant> end;
    String canonical = EmojiNormalizer.create(false).normalizeOrNull(emoji);
    try {
      if (canonical == null) {
        throw new IllegalArgumentException("--emoji must be exactly one emoji, but was '" + emoji + "'");
      }
      span = WarehouseQueries.parseSpan(last);
      end = parseUntil(until);
    } catch (IllegalArgumentException e) {
      err.println("emoji query timeline: " + e.getMessage());
      return 2;
    }
    try (Connection db = DriverManager.getConnection(jdbcUrl)) {
      List<WarehouseQueries.TimelineRow> rows = WarehouseQueries.timeline(db, canonical, Optional.ofNullable(room), span, end);
      out.println("minute\treactions");
      rows.forEach(r -> out.println(r.minute() + "\t" + r.reactions()));
      return 0;
    } catch (SQLException e) {
      err.println("emoji query timeline: " + describe(e));
      return 1;
    }
  }

  /** The driver's message, plus what to do when the database cannot be reached at all. */
  private static String describe(SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.startsWith("08")) {
      return e.getMessage() + " (is `emoji warehouse` running? otherwise give --jdbc-url)";
    }
    return e.getMessage();
  }

  private static Optional<Instant> parseUntil(String until) {
    if (until == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(until));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--until must be an ISO-8601 instant like 2025-10-29T22:40:00Z, but was '" + until + "'");
    }
  }
}
