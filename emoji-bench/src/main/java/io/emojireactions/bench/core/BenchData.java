package io.emojireactions.bench.core;

import io.emojireactions.apps.simulate.GeneratedRecord;
import io.emojireactions.apps.simulate.ReactionGenerator;
import java.time.Duration;

/** Benchmark input: seed-format records from the testkit's generator, held as bytes in memory. */
final class BenchData {

  private BenchData() {}

  /** {@code count} seed-format records (30 emojis, Zipf skew), {@code invalidFraction} of them broken. */
  static byte[][] records(int count, double invalidFraction, long seed) {
    return ReactionGenerator.builder()
        .seed(seed)
        .count(count)
        .span(Duration.ofMillis(count / 2))
        .invalidFraction(invalidFraction)
        .build()
        .records()
        .map(GeneratedRecord::bytes)
        .toArray(byte[][]::new);
  }
}
