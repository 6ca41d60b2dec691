package io.emojireactions.bench.e2e;

import io.emojireactions.apps.simulate.GroundTruth.WindowKey;
import io.emojireactions.apps.simulate.ReactionGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces seed-format reactions live at a steady rate, each stamped with the wall clock at the
 * moment it is produced ({@code timestamp} ISO-8601 UTC), emojis drawn Zipf(1) from the testkit's
 * 30 emojis, one room; counts what it produced per (room, 2 s window, emoji): the exact final count
 * every window must reach. Paced in 10 ms slots; a slot that falls behind is caught up at once.
 */
final class LiveLoad {

  private static final long SLOT_MS = 10;

  private final String bootstrap;
  private final String topic;
  private final int ratePerSecond;
  private final long windowMs;
  private final Map<WindowKey, Long> produced = new HashMap<>();
  private long total;
  private long firstEventMs = -1;
  private long lastEventMs = -1;

  LiveLoad(String bootstrap, String topic, int ratePerSecond, Duration window) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.ratePerSecond = ratePerSecond;
    this.windowMs = window.toMillis();
  }

  /** Produces for {@code duration} (on the calling thread), then flushes. */
  void run(Duration duration) {
    List<String> emojis = ReactionGenerator.DEFAULT_EMOJIS;
    double[] cumulative = zipf(emojis.size());
    byte[][] emojiJson = new byte[emojis.size()][];
    for (int i = 0; i < emojis.size(); i++) {
      emojiJson[i] = emojis.get(i).getBytes(StandardCharsets.UTF_8);
    }
    SplittableRandom random = new SplittableRandom(11);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      long start = System.currentTimeMillis();
      long end = start + duration.toMillis();
      long sent = 0;
      while (true) {
        long now = System.currentTimeMillis();
        if (now >= end) {
          break;
        }
        long due = (now - start + SLOT_MS) * ratePerSecond / 1000;
        while (sent < due) {
          int e = pick(cumulative, random.nextDouble());
          long t = System.currentTimeMillis();
          String json = "{\"user_id\":\"u" + random.nextInt(100_000) + "\",\"emoji_type\":\"" + emojis.get(e)
              + "\",\"timestamp\":\"" + Instant.ofEpochMilli(t) + "\"}";
          producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8)));
          produced.merge(new WindowKey(ReactionGenerator.DEFAULT_ROOM, t - Math.floorMod(t, windowMs), emojis.get(e)), 1L, Long::sum);
          if (firstEventMs < 0) {
            firstEventMs = t;
          }
          lastEventMs = t;
          sent++;
        }
        LockSupport.parkNanos(Duration.ofMillis(SLOT_MS / 2).toNanos());
      }
      producer.flush();
      total = sent;
    }
  }

  /** What was produced per (room, window start, emoji). */
  Map<WindowKey, Long> produced() {
    return produced;
  }

  long total() {
    return total;
  }

  long firstEventMs() {
    return firstEventMs;
  }

  long lastEventMs() {
    return lastEventMs;
  }

  private static double[] zipf(int n) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / (i + 1);
      c[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      c[i] /= sum;
    }
    return c;
  }

  private static int pick(double[] cumulative, double u) {
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }
}
