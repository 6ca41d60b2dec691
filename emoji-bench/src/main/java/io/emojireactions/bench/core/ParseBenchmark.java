package io.emojireactions.bench.core;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.ReactionParser;
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
 * Parsing seed-format JSON bytes into reactions, valid-only and with a share of invalid records.
 *
 * <p>Run: {@code emoji-bench/jmh.sh ParseBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {

  static final int BATCH = 10_000;

  /** Percentage of invalid records in the input. */
  @Param({"0", "10"})
  public int invalidPercent;

  private byte[][] records;
  private ReactionParser parser;

  @Setup
  public void setUp() {
    records = BenchData.records(BATCH, invalidPercent / 100.0, 42);
    parser = ReactionParser.create();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void parse(Blackhole sink) {
    for (byte[] record : records) {
      ParseResult result = parser.parse(record);
      sink.consume(result);
    }
  }
}
