package io.emojireactions.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.simulate.GroundTruth.WindowKey;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static final OutputCheck EXACT = new OutputCheck(true, OutputCheck.CONTRACT_FIELDS, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 10, 10);
  private static final OutputCheck WRONG = new OutputCheck(false, OutputCheck.CONTRACT_FIELDS, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 10, 9);
  private static final List<Double> LOAD = List.of(0.5, 0.4, 0.3);

  private static BenchReport.Run run(int i, double rate, OutputCheck check) {
    return new BenchReport.Run(i, 0, 100, 100, 100 / rate, rate, 1.0, LOAD, LOAD, check, List.of(), Map.of(), null);
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(BenchReport.median(new double[] {5, 1, 3})).isEqualTo(3);
    assertThat(BenchReport.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void summaryHasMedianSpreadAndExactnessOfAllRuns() {
    BenchReport.TargetSummary s = BenchReport.TargetSummary.of("x", OutputCheck.CONTRACT_FIELDS,
        List.of(run(0, 100, EXACT), run(1, 200, WRONG), run(2, 125, EXACT)));
    assertThat(s.medianRecordsPerSecond()).isEqualTo(125);
    assertThat(s.minRecordsPerSecond()).isEqualTo(100);
    assertThat(s.maxRecordsPerSecond()).isEqualTo(200);
    assertThat(s.spread()).isCloseTo(0.8, within(1e-9));
    assertThat(s.allExact()).isFalse();
  }

  @Test
  void aFailedRunIsLeftOutOfTheRatesAndTheTargetIsNotExact() {
    BenchReport.Run failed = new BenchReport.Run(1, 0, 100, 0, 0, 0, -1, LOAD, LOAD, null, List.of(), Map.of(), "exit code 1");
    BenchReport.TargetSummary s = BenchReport.TargetSummary.of("x", OutputCheck.CONTRACT_FIELDS, List.of(run(0, 100, EXACT), failed));
    assertThat(s.medianRecordsPerSecond()).isEqualTo(100);
    assertThat(s.allExact()).isFalse();
  }

  @Test
  void ratiosArePipelineMedianOverEachOtherTargetAndEachMedianOverThePlainConsumer() {
    var pipeline = BenchReport.TargetSummary.of("pipeline", OutputCheck.CONTRACT_FIELDS, List.of(run(0, 300, EXACT)));
    var seed = BenchReport.TargetSummary.of("seed-shape-200", OutputCheck.SEED_FIELDS, List.of(run(0, 100, EXACT)));
    var consumer = BenchReport.TargetSummary.of("plain-consumer", OutputCheck.CONTRACT_FIELDS, List.of(run(0, 600, EXACT)));
    assertThat(BenchReport.ratios(List.of(pipeline, seed, consumer)))
        .containsExactly(Map.entry("pipeline/seed-shape-200", 3.0), Map.entry("pipeline/plain-consumer", 0.5));
    assertThat(BenchReport.withBaselineRatios(List.of(pipeline, seed, consumer)))
        .extracting(BenchReport.TargetSummary::ratioToPlainConsumer)
        .containsExactly(0.5, 100 / 600.0, 1.0);
  }

  @Test
  void noRatiosWithoutThePipelineOrThePlainConsumer() {
    var seed = BenchReport.TargetSummary.of("seed-shape-200", OutputCheck.SEED_FIELDS, List.of(run(0, 100, EXACT)));
    assertThat(BenchReport.ratios(List.of(seed))).isEmpty();
    assertThat(BenchReport.withBaselineRatios(List.of(seed)).get(0).ratioToPlainConsumer()).isNull();
  }

  @Test
  void eachRunRotatesTheOrderSoNoTargetAlwaysGoesFirst() {
    List<String> targets = List.of("a", "b", "c");
    assertThat(EndToEndBenchmark.order(targets, 0)).containsExactly("a", "b", "c");
    assertThat(EndToEndBenchmark.order(targets, 1)).containsExactly("b", "c", "a");
    assertThat(EndToEndBenchmark.order(targets, 2)).containsExactly("c", "a", "b");
    assertThat(EndToEndBenchmark.order(targets, 3)).containsExactly("a", "b", "c");
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

  // OutputCheck: one key (global, 0, 👍) with 3 reactions, and another with 60 (scaled 2 under the seed policy)

  private static final GroundTruth TRUTH = new GroundTruth(2_000,
      Map.of(new WindowKey("global", 0, "👍"), 3L, new WindowKey("global", 2_000, "🔥"), 60L), Map.of(), 63);

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] contract(long start, long end, String emoji, long count, long scaled) {
    return WindowedCountJson.toJson(new WindowedCount("global", new TimeWindow(start, end), emoji, count, scaled, false));
  }

  private static OutputCheck.Merger contractMerger() {
    return new OutputCheck.Merger(OutputCheck.Format.CONTRACT, 2_000, ScalingPolicy.seed());
  }

  @Test
  void contractOutputMaxMergedToTheTruthWithRightKeysEndsAndScaledValuesIsExact() throws Exception {
    ScalingPolicy seed = ScalingPolicy.seed();
    OutputCheck.Merger m = contractMerger();
    m.add(bytes("global|👍"), contract(0, 2_000, "👍", 2, seed.apply(2)));
    m.add(bytes("global|👍"), contract(0, 2_000, "👍", 3, seed.apply(3)));
    m.add(bytes("global|🔥"), contract(2_000, 4_000, "🔥", 60, seed.apply(60)));
    OutputCheck check = m.against(TRUTH);
    assertThat(check.exact()).as(check.toString()).isTrue();
    assertThat(check.outputRecords()).isEqualTo(3);
    assertThat(check.countedTotal()).isEqualTo(63);
    assertThat(check.checkedOn()).containsExactly("reaction_count", "window_end", "key", "scaled_reactions");
  }

  @Test
  void aWrongScaledValueKeyOrWindowEndMakesTheOutputNotExactEvenWithRightCounts() throws Exception {
    ScalingPolicy seed = ScalingPolicy.seed();
    assertThat(seed.apply(60)).isNotEqualTo(seed.apply(60) + 1);

    OutputCheck.Merger scaled = contractMerger();
    scaled.add(bytes("global|👍"), contract(0, 2_000, "👍", 3, seed.apply(3)));
    scaled.add(bytes("global|🔥"), contract(2_000, 4_000, "🔥", 60, seed.apply(60) + 1));
    OutputCheck a = scaled.against(TRUTH);
    assertThat(a.exact()).isFalse();
    assertThat(a.wrongScaled()).isEqualTo(1);
    assertThat(a.wrongKeys()).isZero();

    OutputCheck.Merger key = contractMerger();
    key.add(bytes("global|👍"), contract(0, 2_000, "👍", 3, seed.apply(3)));
    key.add(null, contract(2_000, 4_000, "🔥", 60, seed.apply(60)));
    OutputCheck b = key.against(TRUTH);
    assertThat(b.exact()).isFalse();
    assertThat(b.wrongRecordKey()).isEqualTo(1);

    OutputCheck.Merger end = contractMerger();
    end.add(bytes("global|👍"), contract(0, 3_000, "👍", 3, seed.apply(3)));
    end.add(bytes("global|🔥"), contract(2_000, 4_000, "🔥", 60, seed.apply(60)));
    OutputCheck c = end.against(TRUTH);
    assertThat(c.exact()).isFalse();
    assertThat(c.wrongWindowEnd()).isEqualTo(1);
  }

  @Test
  void missingExtraAndWrongCountsAreToldApartAndTheDroppedRecordsCounted() throws Exception {
    ScalingPolicy seed = ScalingPolicy.seed();
    OutputCheck.Merger m = contractMerger();
    m.add(bytes("global|🔥"), contract(2_000, 4_000, "🔥", 59, seed.apply(59)));
    m.add(bytes("global|😂"), contract(4_000, 6_000, "😂", 1, seed.apply(1)));
    OutputCheck check = m.against(TRUTH);
    assertThat(check.missingKeys()).isEqualTo(1);
    assertThat(check.extraKeys()).isEqualTo(1);
    assertThat(check.wrongCounts()).isEqualTo(1);
    assertThat(check.wrongKeys()).isEqualTo(3);
    assertThat(check.droppedRecords()).isEqualTo(63 - 60);
  }

  @Test
  void seedOutputIsCheckedOnCountsWindowEndsAndTheAbsenceOfAKey() throws Exception {
    OutputCheck.Merger m = new OutputCheck.Merger(OutputCheck.Format.SEED, 2_000, ScalingPolicy.seed());
    m.add(null, bytes("{\"window\":{\"start\":\"1970-01-01T00:00:00.000Z\",\"end\":\"1970-01-01T00:00:02.000Z\"},"
        + "\"emoji_type\":\"👍\",\"emoji_count\":3,\"user_id\":\"u1\"}"));
    m.add(null, bytes("{\"window\":{\"start\":\"1970-01-01T00:00:02.000Z\",\"end\":\"1970-01-01T00:00:04.000Z\"},"
        + "\"emoji_type\":\"🔥\",\"emoji_count\":60,\"user_id\":\"u2\"}"));
    OutputCheck check = m.against(TRUTH);
    assertThat(check.exact()).as(check.toString()).isTrue();
    assertThat(check.checkedOn()).isEqualTo(OutputCheck.SEED_FIELDS);

    OutputCheck.Merger keyed = new OutputCheck.Merger(OutputCheck.Format.SEED, 2_000, ScalingPolicy.seed());
    keyed.add(bytes("k"), bytes("{\"window\":{\"start\":\"1970-01-01T00:00:00.000Z\",\"end\":\"1970-01-01T00:00:02.000Z\"},"
        + "\"emoji_type\":\"👍\",\"emoji_count\":3,\"user_id\":\"u1\"}"));
    assertThat(keyed.against(TRUTH).wrongRecordKey()).isEqualTo(1);
  }
}
