package io.emojireactions.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static final OutputCheck EXACT = new OutputCheck(true, 1, 1, 0, 10, 10);
  private static final OutputCheck WRONG = new OutputCheck(false, 1, 1, 1, 10, 9);

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(BenchReport.median(new double[] {5, 1, 3})).isEqualTo(3);
    assertThat(BenchReport.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void summaryHasMedianSpreadAndExactnessOfAllRuns() {
    BenchReport.TargetSummary s = BenchReport.TargetSummary.of("x", List.of(
        new BenchReport.Run(0, 100, 1.0, 100, EXACT),
        new BenchReport.Run(1, 100, 0.5, 200, WRONG),
        new BenchReport.Run(2, 100, 0.8, 125, EXACT)));
    assertThat(s.medianRecordsPerSecond()).isEqualTo(125);
    assertThat(s.minRecordsPerSecond()).isEqualTo(100);
    assertThat(s.maxRecordsPerSecond()).isEqualTo(200);
    assertThat(s.spread()).isCloseTo(0.8, within(1e-9));
    assertThat(s.allExact()).isFalse();
  }

  @Test
  void ratiosArePipelineMedianOverEachOtherTarget() {
    var pipeline = BenchReport.TargetSummary.of("pipeline", List.of(new BenchReport.Run(0, 1, 1, 300, EXACT)));
    var seed = BenchReport.TargetSummary.of("seed-shape", List.of(new BenchReport.Run(0, 1, 1, 100, EXACT)));
    var consumer = BenchReport.TargetSummary.of("plain-consumer", List.of(new BenchReport.Run(0, 1, 1, 600, EXACT)));
    assertThat(EndToEndBenchmark.ratios(List.of(pipeline, seed, consumer)))
        .containsExactly(java.util.Map.entry("pipeline/seed-shape", 3.0), java.util.Map.entry("pipeline/plain-consumer", 0.5));
  }

  @Test
  void noRatiosWithoutThePipeline() {
    var seed = BenchReport.TargetSummary.of("seed-shape", List.of(new BenchReport.Run(0, 1, 1, 100, EXACT)));
    assertThat(EndToEndBenchmark.ratios(List.of(seed))).isEmpty();
  }

  @Test
  void latencyPercentilesAreNearestRankOverTheSortedWindows() {
    long[] sorted = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000};
    assertThat(LatencyRun.percentile(sorted, 50)).isEqualTo(500);
    assertThat(LatencyRun.percentile(sorted, 95)).isEqualTo(1000);
    assertThat(LatencyRun.percentile(sorted, 99)).isEqualTo(1000);
    assertThat(LatencyRun.percentile(new long[] {7}, 99)).isEqualTo(7);
    assertThat(LatencyRun.percentile(new long[0], 50)).isEqualTo(-1);
  }
}
