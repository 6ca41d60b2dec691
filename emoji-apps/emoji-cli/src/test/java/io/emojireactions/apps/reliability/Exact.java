package io.emojireactions.apps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.testkit.TopicIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads results back and compares them with the ground truth, exactly, with a short diff on failure. */
final class Exact {

  static final Duration READ_TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Exact() {}

  /** The windowed counts of {@code topic}, max-merged per (room, window start, emoji): the consumers' rule. */
  static Map<GroundTruth.WindowKey, Long> maxMerged(String bootstrap, String topic) {
    return maxMerged(values(bootstrap, topic));
  }

  static Map<GroundTruth.WindowKey, Long> maxMerged(List<byte[]> values) {
    Map<WindowedCount.Key, WindowedCount> merged = new HashMap<>();
    for (byte[] value : values) {
      WindowedCount count = WindowedCountJson.fromJson(value);
      merged.merge(count.key(), count, WindowedCount::mergeMax);
    }
    Map<GroundTruth.WindowKey, Long> out = new HashMap<>();
    merged.forEach((k, v) -> out.put(new GroundTruth.WindowKey(k.room(), k.windowStartMs(), k.emoji()), v.reactionCount()));
    return out;
  }

  static List<byte[]> values(String bootstrap, String topic) {
    List<byte[]> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(bootstrap, topic, READ_TIMEOUT)) {
      out.add(r.value());
    }
    return out;
  }

  /** The DLQ as "REASON\0original" → how many, each source record once (the DLQ is at-least-once). */
  static Map<String, Long> dlq(String bootstrap, String topic) {
    Map<String, String> bySource = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(bootstrap, topic, READ_TIMEOUT)) {
      try {
        JsonNode m = JSON.readTree(r.value());
        bySource.put(m.get("source_partition").asInt() + "@" + m.get("source_offset").asLong(),
            m.get("reason").asText() + "\0" + m.get("original").asText());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bySource.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
  }

  /** The DLQ a correct pipeline writes for the generator's invalid records. */
  static Map<String, Long> expectedDlq(ReactionGenerator generator) {
    return generator.records().filter(r -> !r.valid())
        .collect(Collectors.groupingBy(r -> r.expectedReject().name() + "\0" + r.value(), Collectors.counting()));
  }

  /** Exact equality of two count maps; the failure names how many keys are lost or over-counted. */
  static <K> void assertSameCounts(String what, Map<K, Long> actual, Map<K, Long> expected) {
    List<String> diffs = new ArrayList<>();
    Set<K> keys = new HashSet<>(actual.keySet());
    keys.addAll(expected.keySet());
    long lost = 0;
    long over = 0;
    for (K k : keys) {
      long a = actual.getOrDefault(k, 0L);
      long e = expected.getOrDefault(k, 0L);
      if (!Objects.equals(actual.get(k), expected.get(k))) {
        diffs.add(k + ": actual " + actual.get(k) + ", expected " + expected.get(k));
        lost += Math.max(0, e - a);
        over += Math.max(0, a - e);
      }
    }
    assertThat(diffs).as("%s: %d keys differ (lost %d, over-counted %d; actual %d keys, expected %d); first: %s", what,
        diffs.size(), lost, over, actual.size(), expected.size(), diffs.stream().sorted().limit(10).toList()).isEmpty();
  }

  /** {@code check} at most once per {@code interval} (false in between): for conditions that read whole topics. */
  static java.util.function.BooleanSupplier every(Duration interval, java.util.function.BooleanSupplier check) {
    long[] next = {0};
    return () -> {
      long now = System.nanoTime();
      if (now < next[0]) {
        return false;
      }
      next[0] = now + interval.toNanos();
      return check.getAsBoolean();
    };
  }

  static long sum(Map<?, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
