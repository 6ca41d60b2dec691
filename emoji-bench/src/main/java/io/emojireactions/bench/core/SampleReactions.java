package io.emojireactions.bench.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Deterministic seed-format input for the benchmarks: the JSON the seed's Python client sends
 * ({@code isoformat()} timestamps with microseconds, no zone), 30 emojis with a Zipf-like skew.
 */
final class SampleReactions {

  /** The 30 emojis of the benchmark data, most popular first. */
  static final String[] EMOJIS = {
    "❤️", "😂", "👍", "🔥", "😍", "🎉", "😮", "😢", "👏", "🙌",
    "💯", "😎", "🤔", "😡", "🥳", "🤣", "😭", "🙏", "💪", "✨",
    "⚽", "🏆", "😱", "🤯", "👀", "🥺", "😅", "🤩", "💔", "🚀"
  };

  private SampleReactions() {}

  /**
   * {@code count} records; {@code invalidPercent} of them are broken in one of several ways.
   * Event times advance 2,500 records per second from 2025-10-29T22:31:00.
   */
  static byte[][] generate(int count, int invalidPercent, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] cumulative = zipf(EMOJIS.length, 1.1);
    byte[][] records = new byte[count][];
    LocalDateTime start = LocalDateTime.of(2025, 10, 29, 22, 31, 0);
    for (int i = 0; i < count; i++) {
      LocalDateTime time = start.plusNanos(i * 400_000L + random.nextInt(1000) * 1000L);
      String emoji = EMOJIS[pick(cumulative, random.nextDouble())];
      String user = "user_" + random.nextInt(100_000);
      String json;
      if (random.nextInt(100) < invalidPercent) {
        json = switch (random.nextInt(4)) {
          case 0 -> "{\"user_id\":\"" + user + "\",\"emoji_type\":\"" + emoji + "\",\"timestamp\":";
          case 1 -> "{\"user_id\":\"" + user + "\",\"emoji_type\":\"lol\",\"timestamp\":\"" + time + "\"}";
          case 2 -> "{\"user_id\":\"" + user + "\",\"emoji_type\":\"" + emoji + "\",\"timestamp\":\"yesterday\"}";
          default -> "{\"emoji_type\":\"" + emoji + "\",\"timestamp\":\"" + time + "\"}";
        };
      } else {
        json = "{\"user_id\":\"" + user + "\",\"emoji_type\":\"" + emoji + "\",\"timestamp\":\""
            + isoformat(time) + "\"}";
      }
      records[i] = json.getBytes(StandardCharsets.UTF_8);
    }
    return records;
  }

  /** Python's {@code datetime.isoformat()}: microseconds always, no zone. */
  private static String isoformat(LocalDateTime time) {
    String base = time.withNano(0).toString();
    if (base.length() == 16) {
      base += ":00";
    }
    return base + String.format(".%06d", time.getNano() / 1000);
  }

  static long epochMillis(LocalDateTime time) {
    return Instant.from(time.atOffset(ZoneOffset.UTC)).toEpochMilli();
  }

  private static double[] zipf(int n, double exponent) {
    double[] weights = new double[n];
    double total = 0;
    for (int k = 0; k < n; k++) {
      weights[k] = 1.0 / Math.pow(k + 1, exponent);
      total += weights[k];
    }
    double running = 0;
    for (int k = 0; k < n; k++) {
      running += weights[k] / total;
      weights[k] = running;
    }
    return weights;
  }

  private static int pick(double[] cumulative, double u) {
    for (int k = 0; k < cumulative.length; k++) {
      if (u <= cumulative[k]) {
        return k;
      }
    }
    return cumulative.length - 1;
  }
}
