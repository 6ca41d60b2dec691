package io.emojireactions.apps.warehouse;

import io.emojireactions.core.WindowedCount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes batches of output messages to {@code emoji_window_counts} with the max-merge rule in
 * SQL: an upsert that replaces a row only with a larger count, or an equal count that is final.
 * So any order, duplicate or replay of messages leaves the row of each key at its merged value,
 * and writing a batch twice changes nothing.
 *
 * <p>One {@link #write} is one transaction: all of the batch or none of it. Rows are written in
 * key order, so two writers never deadlock on each other's rows. Not thread-safe (it uses the
 * caller's connection).
 */
public final class WarehouseWriter {

  static final String UPSERT =
      "INSERT INTO emoji_window_counts AS t"
          + " (room, window_start, window_end, emoji, reaction_count, scaled_reactions, final, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, now())"
          + " ON CONFLICT (room, window_start, emoji) DO UPDATE SET"
          + " window_end = excluded.window_end, reaction_count = excluded.reaction_count,"
          + " scaled_reactions = excluded.scaled_reactions, final = excluded.final, updated_at = excluded.updated_at"
          + " WHERE excluded.reaction_count > t.reaction_count"
          + " OR (excluded.reaction_count = t.reaction_count AND excluded.final AND NOT t.final)";

  static final String REJECT =
      "INSERT INTO warehouse_rejected_messages (topic, kafka_partition, kafka_offset, reason, message, payload)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private static final Comparator<WindowedCount.Key> KEY_ORDER = Comparator.comparing(WindowedCount.Key::room)
      .thenComparingLong(WindowedCount.Key::windowStartMs)
      .thenComparing(WindowedCount.Key::emoji);

  private WarehouseWriter() {}

  /** A message that is not a valid output message, kept with where it came from and why. */
  public record Rejected(String topic, int partition, long offset, String reason, String message, byte[] payload) {}

  /**
   * Writes {@code counts} (max-merged within the batch first) and {@code rejected} in one
   * transaction and commits it.
   *
   * @return the number of rows inserted or changed
   */
  public static int write(Connection connection, List<WindowedCount> counts, List<Rejected> rejected) throws SQLException {
    Map<WindowedCount.Key, WindowedCount> merged = new HashMap<>();
    for (WindowedCount c : counts) {
      merged.merge(c.key(), c, WindowedCount::mergeMax);
    }
    List<WindowedCount> rows = merged.values().stream().sorted(Comparator.comparing(WindowedCount::key, KEY_ORDER)).toList();
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      int changed = 0;
      if (!rows.isEmpty()) {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
          for (WindowedCount c : rows) {
            upsert.setString(1, c.room());
            upsert.setObject(2, OffsetDateTime.ofInstant(c.window().start(), ZoneOffset.UTC));
            upsert.setObject(3, OffsetDateTime.ofInstant(c.window().end(), ZoneOffset.UTC));
            upsert.setString(4, c.emoji());
            upsert.setLong(5, c.reactionCount());
            upsert.setLong(6, c.scaledReactions());
            upsert.setBoolean(7, c.isFinal());
            upsert.addBatch();
          }
          for (int n : upsert.executeBatch()) {
            changed += Math.max(n, 0);
          }
        }
      }
      if (!rejected.isEmpty()) {
        try (PreparedStatement reject = connection.prepareStatement(REJECT)) {
          for (Rejected r : rejected) {
            reject.setString(1, r.topic());
            reject.setInt(2, r.partition());
            reject.setLong(3, r.offset());
            reject.setString(4, r.reason());
            reject.setString(5, r.message());
            reject.setBytes(6, r.payload());
            reject.addBatch();
          }
          reject.executeBatch();
        }
      }
      connection.commit();
      return changed;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
