package io.emojireactions.bench.core;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.WindowedAggregator;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole per-record path on one thread: parse, normalize, window, count, then once per
 * batch scale and serialize the changed windows. The project's goal is at least 5M reactions/s.
 *
 * <p>Run: {@code emoji-bench/jmh.sh PerRecordPathBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PerRecordPathBenchmark {

  static final int BATCH = 50_000;

  private byte[][] records;
  private ReactionParser parser;

  @Setup
  public void setUp() {
    records = BenchData.records(BATCH, 0.01, 7);
    parser = ReactionParser.create();
  }

  /** One micro-batch of {@link #BATCH} records through a fresh aggregator. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void parseAggregateSerialize(Blackhole sink) {
    WindowedAggregator aggregator = WindowedAggregator.create(WindowedAggregator.Config.defaults());
    for (byte[] record : records) {
      if (parser.parse(record) instanceof ParseResult.Valid valid) {
        aggregator.add(valid.reaction());
      }
    }
    List<WindowedCount> changed = aggregator.endBatch();
    for (WindowedCount count : changed) {
      sink.consume(WindowedCountJson.toJson(count));
    }
  }
}
