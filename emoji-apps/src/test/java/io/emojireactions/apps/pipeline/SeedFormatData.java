package io.emojireactions.apps.pipeline;

import io.emojireactions.core.RejectReason;
import io.emojireactions.core.WindowedCount;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded seed-format input ({@code {"user_id","emoji_type","timestamp"}}, some with a room) with its
 * exact ground truth: counts per (room, window start, canonical emoji) of the valid records, and
 * the reject reason of each invalid record (keyed by its unique bytes).
 */
final class SeedFormatData {

  /** Emoji as sent → canonical form; ❤ and ❤️ are one emoji. */
  private static final String[][] EMOJIS = {
      {"❤", "❤️"}, {"❤️", "❤️"}, {"👍", "👍"}, {"😂", "😂"}, {"🔥", "🔥"}, {"🎉", "🎉"}, {"👍🏽", "👍🏽"}};
  private static final String[] ROOMS = {null, "match-1", "match-2"};

  final List<byte[]> values = new ArrayList<>();
  final Map<WindowedCount.Key, Long> truth = new HashMap<>();
  final Map<String, RejectReason> invalid = new HashMap<>();

  private final Random random;
  private final long windowMs;
  private long cursorMs;
  private long serial;
  /** The largest valid event time so far. */
  long maxEventMs = Long.MIN_VALUE;

  SeedFormatData(long seed, long startMs, long windowMs) {
    this.random = new Random(seed);
    this.cursorMs = startMs;
    this.windowMs = windowMs;
  }

  /** Appends {@code n} records spread over about {@code spanMs} of event time (out of order by up to 1.5 s). */
  List<byte[]> add(int n, long spanMs) {
    List<byte[]> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      cursorMs += spanMs / n;
      long id = serial++;
      String json;
      if (random.nextInt(1000) < 15) {
        RejectReason reason = RejectReason.values()[0];
        switch (random.nextInt(5)) {
          case 0 -> { reason = RejectReason.MALFORMED_JSON; json = "{\"user_id\":\"bad-" + id + "\",oops"; }
          case 1 -> { reason = RejectReason.MISSING_FIELD; json = "{\"id\":" + id + ",\"emoji_type\":\"👍\",\"timestamp\":1761777060000}"; }
          case 2 -> { reason = RejectReason.NOT_AN_EMOJI; json = "{\"user_id\":\"bad-" + id + "\",\"emoji_type\":\"ok\",\"timestamp\":1761777060000}"; }
          case 3 -> { reason = RejectReason.BAD_TIMESTAMP; json = "{\"user_id\":\"bad-" + id + "\",\"emoji_type\":\"👍\",\"timestamp\":\"soon\"}"; }
          default -> { reason = RejectReason.TOO_LARGE; json = "{\"user_id\":\"bad-" + id + "\",\"emoji_type\":\"👍\",\"timestamp\":1761777060000,\"pad\":\"" + "x".repeat(4200) + "\"}"; }
        }
        invalid.put(json, reason);
      } else {
        long ts = cursorMs + random.nextInt(3000) - 1500;
        maxEventMs = Math.max(maxEventMs, ts);
        String[] emoji = EMOJIS[random.nextInt(EMOJIS.length)];
        String room = ROOMS[random.nextInt(ROOMS.length)];
        String timestamp = random.nextBoolean() ? Long.toString(ts) : "\"" + Instant.ofEpochMilli(ts) + "\"";
        json = "{\"user_id\":\"user-" + random.nextInt(10_000) + "\",\"emoji_type\":\"" + emoji[0] + "\",\"timestamp\":"
            + timestamp + (room == null ? "" : ",\"room\":\"" + room + "\"") + "}";
        truth.merge(new WindowedCount.Key(room == null ? "global" : room, ts - Math.floorMod(ts, windowMs), emoji[1]), 1L, Long::sum);
      }
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      values.add(bytes);
      batch.add(bytes);
    }
    return batch;
  }
}
