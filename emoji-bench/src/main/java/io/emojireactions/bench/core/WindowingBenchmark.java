package io.emojireactions.bench.core;

import io.emojireactions.core.EmojiNormalizer;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.TumblingWindows;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The small per-record and per-window steps one at a time: emoji normalization, window
 * assignment, scaling and output serialization.
 *
 * <p>Run: {@code emoji-bench/jmh.sh WindowingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WindowingBenchmark {

  /** The scaling policy spec. */
  @Param({"seed", "per-1000", "tiers:50=1,1000=/10,else=/100"})
  public String scaling;

  /** The generator's emojis, half of them in a text-presentation spelling the normalizer must fix. */
  private static final String[] EMOJIS = {"😂", "❤", "👍", "\u263A", "🔥", "♥", "🎉", "👍🏽"};

  private final EmojiNormalizer normalizer = EmojiNormalizer.create(false);
  private final TumblingWindows windows = TumblingWindows.of(Duration.ofSeconds(2));
  private ScalingPolicy policy;
  private WindowedCount sample;
  private long timestamp = 1_761_777_060_000L;
  private long count;
  private int next;

  @Setup
  public void setUp() {
    policy = ScalingPolicy.parse(scaling);
    sample = new WindowedCount("global", windows.windowFor(timestamp), "❤️", 3785, 3, false);
  }

  @Benchmark
  public Object normalize() {
    next = (next + 1) % EMOJIS.length;
    return normalizer.normalize(EMOJIS[next]);
  }

  @Benchmark
  public TimeWindow assignWindow() {
    return windows.windowFor(timestamp += 397);
  }

  @Benchmark
  public long scale() {
    return policy.apply(count = (count + 7) & 0xFFFF);
  }

  @Benchmark
  public byte[] serialize() {
    return WindowedCountJson.toJson(sample);
  }
}
