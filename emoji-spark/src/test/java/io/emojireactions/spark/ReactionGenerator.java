package io.emojireactions.spark;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random input in the {@code emoji_reactions} JSON contract, in batches: event time moves
 * forward with out-of-order jitter, some records are far behind (late), several rooms, emoji
 * variants that normalize together (❤ and ❤️), every timestamp form, and invalid records.
 */
final class ReactionGenerator {

  private static final String[] ROOMS = {null, "global", "match-1", "match-2"};
  private static final String[] EMOJIS = {"❤", "❤️", "👍", "😂", "🔥", "👍🏽"};
  private static final String[] INVALID = {
      "{not json", "{\"user_id\":\"u\",\"emoji_type\":\"xx\",\"timestamp\":1761777060000}",
      "{\"emoji_type\":\"👍\",\"timestamp\":1761777060000}", "{\"user_id\":\"u\",\"emoji_type\":\"👍\",\"timestamp\":\"soon\"}",
      "[1,2,3]"};
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final Random random;
  private long cursorMs;

  ReactionGenerator(long seed, long startMs) {
    this.random = new Random(seed);
    this.cursorMs = startMs;
  }

  /** One batch of {@code size} record values; the event-time cursor advances by about {@code advanceMs}. */
  List<byte[]> batch(int size, long advanceMs) {
    List<byte[]> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      cursorMs += advanceMs / size;
      if (random.nextInt(100) < 8) {
        out.add(INVALID[random.nextInt(INVALID.length)].getBytes(StandardCharsets.UTF_8));
        continue;
      }
      long ts = random.nextInt(100) < 6
          ? cursorMs - 3000 - random.nextInt(8000) // far behind: late unless the window is still open
          : cursorMs + random.nextInt(3000) - 1500; // jitter: out of order
      out.add(reaction(ROOMS[random.nextInt(ROOMS.length)], "user-" + random.nextInt(50),
          EMOJIS[random.nextInt(EMOJIS.length)], ts).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private String reaction(String room, String user, String emoji, long ts) {
    String timestamp = switch (random.nextInt(3)) {
      case 0 -> Long.toString(ts);
      case 1 -> "\"" + Instant.ofEpochMilli(ts) + "\"";
      default -> "\"" + LOCAL.format(Instant.ofEpochMilli(ts)) + "\"";
    };
    return "{\"user_id\":\"" + user + "\",\"emoji_type\":\"" + emoji + "\",\"timestamp\":" + timestamp
        + (room == null ? "" : ",\"room\":\"" + room + "\"") + "}";
  }
}
