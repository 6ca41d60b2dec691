package io.emojireactions.bench.core;

import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.internal.ReactionReader;
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
 * Parsing seed-format JSON bytes into reactions, valid-only and with a share of invalid records,
 * through the parser as shipped ({@code path=parser}: the flat-record fast path, Jackson for
 * every other shape) and through Jackson's streaming parser alone ({@code path=jackson}, the
 * parser before the fast path; same rules, same results).
 *
 * <p>Run: {@code emoji-bench/jmh.sh ParseBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// An invocation is a whole batch of records: short warm-ups end before C2 has compiled the loop
// (measured on 2 loaded cores: 48.6k records/s after 1 s warm-ups, 1.27M after 4 s ones).
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class ParseBenchmark {

  static final int BATCH = 10_000;

  /** Percentage of invalid records in the input. */
  @Param({"0", "10"})
  public int invalidPercent;

  /** {@code parser}: {@link ReactionParser#parse}; {@code jackson}: the Jackson-only path. */
  @Param({"parser", "jackson"})
  public String path;

  private byte[][] records;
  private ReactionParser parser;
  private ReactionReader jacksonOnly;

  @Setup
  public void setUp() {
    records = BenchData.records(BATCH, invalidPercent / 100.0, 42);
    parser = ReactionParser.create();
    jacksonOnly = new ReactionReader(parser.config());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void parse(Blackhole sink) {
    if (path.equals("jackson")) {
      for (byte[] record : records) {
        sink.consume(jacksonOnly.parseWithJackson(record));
      }
    } else {
      for (byte[] record : records) {
        sink.consume(parser.parse(record));
      }
    }
  }
}
