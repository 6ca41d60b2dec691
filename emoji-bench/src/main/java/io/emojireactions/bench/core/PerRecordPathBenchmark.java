package io.emojireactions.bench.core;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.WindowedAggregator;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.core.internal.ReactionReader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole per-record path on one thread: parse, normalize, window, count, then once per
 * batch scale and serialize the changed windows. The project's goal is at least 5M reactions/s.
 * {@code path} compares the parser as shipped with its Jackson-only path (see {@link ParseBenchmark}).
 *
 * <p>Run: {@code emoji-bench/jmh.sh PerRecordPathBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// An invocation is a whole batch of records: short warm-ups end before C2 has compiled the loop
// (measured on 2 loaded cores: 48.6k records/s after 1 s warm-ups, 1.27M after 4 s ones).
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class PerRecordPathBenchmark {

  static final int BATCH = 50_000;

  /** {@code parser}: {@link ReactionParser#parse}; {@code jackson}: the Jackson-only path. */
  @Param({"parser", "jackson"})
  public String path;

  private byte[][] records;
  private ReactionParser parser;
  private ReactionReader jacksonOnly;

  @Setup
  public void setUp() {
    records = BenchData.records(BATCH, 0.01, 7);
    parser = ReactionParser.create();
    jacksonOnly = new ReactionReader(parser.config());
  }

  /** One micro-batch of {@link #BATCH} records through a fresh aggregator. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void parseAggregateSerialize(Blackhole sink) {
    WindowedAggregator aggregator = WindowedAggregator.create(WindowedAggregator.Config.defaults());
    boolean jackson = path.equals("jackson");
    for (byte[] record : records) {
      ParseResult result = jackson ? jacksonOnly.parseWithJackson(record) : parser.parse(record);
      if (result instanceof ParseResult.Valid valid) {
        aggregator.add(valid.reaction());
      }
    }
    List<WindowedCount> changed = aggregator.endBatch();
    for (WindowedCount count : changed) {
      sink.consume(WindowedCountJson.toJson(count));
    }
  }
}
