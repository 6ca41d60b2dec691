package io.emojireactions.apps.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The warehouse's questions, answered from its SQL views ({@code emoji_minute_counts},
 * {@code emoji_top_per_minute}).
 *
 * <p>"The last 10 minutes" is the event-time range {@code [until − last, until)}, where
 * {@code until} is given or else the end of the newest window in the warehouse (so a replayed
 * or historical data set answers the same as a live one). A minute is listed when it overlaps
 * the range. Stateless.
 */
public final class WarehouseQueries {

  private WarehouseQueries() {}

  /** One emoji's place in one minute of one room. */
  public record TopRow(Instant minute, int rank, String emoji, long reactions) {}

  /** One emoji's reactions in one minute. */
  public record TimelineRow(Instant minute, long reactions) {}

  /** The end of the newest window in the warehouse, or empty when it holds none. */
  public static Optional<Instant> newestWindowEnd(Connection db) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT max(window_end) FROM emoji_window_counts")) {
      rs.next();
      OffsetDateTime end = rs.getObject(1, OffsetDateTime.class);
      return Optional.ofNullable(end).map(OffsetDateTime::toInstant);
    }
  }

  /** The top {@code limit} emojis of {@code room} per minute over the range, by minute then rank. */
  public static List<TopRow> top(Connection db, String room, Duration last, int limit, Optional<Instant> until) throws SQLException {
    Objects.requireNonNull(room, "room");
    requirePositive("last", last);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, but was " + limit);
    }
    Optional<Instant> end = until.isPresent() ? until : newestWindowEnd(db);
    List<TopRow> rows = new ArrayList<>();
    if (end.isEmpty()) {
      return rows;
    }
    try (PreparedStatement q = db.prepareStatement(
        "SELECT minute, rank, emoji, reactions FROM emoji_top_per_minute"
            + " WHERE room = ? AND rank <= ? AND minute + interval '1 minute' > ? AND minute < ?"
            + " ORDER BY minute, rank")) {
      q.setString(1, room);
      q.setInt(2, limit);
      q.setObject(3, utc(end.get().minus(last)));
      q.setObject(4, utc(end.get()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(new TopRow(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getInt(2), rs.getString(3), rs.getLong(4)));
        }
      }
    }
    return rows;
  }

  /**
   * Reactions of {@code emoji} (canonical form) per minute over the range, in one room or summed
   * over all rooms. Minutes without the emoji are absent.
   */
  public static List<TimelineRow> timeline(Connection db, String emoji, Optional<String> room, Duration last, Optional<Instant> until)
      throws SQLException {
    Objects.requireNonNull(emoji, "emoji");
    requirePositive("last", last);
    Optional<Instant> end = until.isPresent() ? until : newestWindowEnd(db);
    List<TimelineRow> rows = new ArrayList<>();
    if (end.isEmpty()) {
      return rows;
    }
    try (PreparedStatement q = db.prepareStatement(
        "SELECT minute, sum(reactions)::bigint FROM emoji_minute_counts"
            + " WHERE emoji = ? AND (?::text IS NULL OR room = ?) AND minute + interval '1 minute' > ? AND minute < ?"
            + " GROUP BY minute ORDER BY minute")) {
      q.setString(1, emoji);
      q.setString(2, room.orElse(null));
      q.setString(3, room.orElse(null));
      q.setObject(4, utc(end.get().minus(last)));
      q.setObject(5, utc(end.get()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(new TimelineRow(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2)));
        }
      }
    }
    return rows;
  }

  /**
   * Parses a span such as {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d} or ISO-8601 {@code PT10M}.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Duration parseSpan(String text) {
    String s = text == null ? "" : text.trim();
    try {
      if (s.startsWith("P") || s.startsWith("p")) {
        return requirePositive("span", Duration.parse(s));
      }
      if (s.length() >= 2) {
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        Duration d = switch (s.charAt(s.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          case 'd' -> Duration.ofDays(n);
          default -> null;
        };
        if (d != null) {
          return requirePositive("span", d);
        }
      }
    } catch (RuntimeException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("span must be a positive number with s, m, h or d (10m, 1h) or ISO-8601 (PT10M), but was '" + text + "'");
  }

  private static Duration requirePositive(String field, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + " must be > 0, but was " + d);
    }
    return d;
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
