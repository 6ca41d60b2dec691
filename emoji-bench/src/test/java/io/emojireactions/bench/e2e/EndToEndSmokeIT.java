package io.emojireactions.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end on tiny data (a real broker, real Spark): the pipeline, the plain
 * consumer and tuned Kafka Streams each process the whole backlog, their output is exact, and the
 * report is written; then the latency mode on a small live load (every measured window becomes
 * exact, report and charts written). Speed and latency are not asserted. The seed-shape target is left out to keep the test
 * lean (its 200 shuffle partitions cost a minute on 2 loaded cores); {@code e2e.sh} runs it.
 */
class EndToEndSmokeIT {

  @TempDir Path results;

  @Test
  void harnessRunsEveryTargetOverTheWholeBacklogAndThePipelineIsExact() throws Exception {
    EndToEndBenchmark bench = new EndToEndBenchmark();
    bench.records = 20_000;
    bench.runs = 1;
    bench.span = java.time.Duration.ofSeconds(60);
    bench.seed = 7;
    bench.targets = List.of("pipeline", "plain-consumer", "streams-tuned");

    BenchReport report = bench.run();
    Path file = EndToEndBenchmark.write(report, results);
    Charts.throughput(report, results.resolve("throughput.png"));

    assertThat(report.targets()).extracting(BenchReport.TargetSummary::name)
        .containsExactly("pipeline", "plain-consumer", "streams-tuned");
    for (BenchReport.TargetSummary t : report.targets()) {
      assertThat(t.runs()).hasSize(1);
      assertThat(t.runs().get(0).records()).as(t.name() + " records").isEqualTo(20_000);
      assertThat(t.medianRecordsPerSecond()).as(t.name() + " rate").isPositive();
    }
    BenchReport.TargetSummary pipeline = report.targets().get(0);
    OutputCheck check = pipeline.runs().get(0).check();
    assertThat(check.exact()).as("pipeline output vs ground truth: " + check).isTrue();
    assertThat(check.countedTotal()).isEqualTo(20_000);
    // valid-only backlog, no variants: the plain consumer and tuned Streams are exact too
    assertThat(report.targets().get(1).allExact()).as("plain consumer").isTrue();
    assertThat(report.targets().get(2).allExact()).as("tuned Kafka Streams").isTrue();
    assertThat(report.ratios()).containsOnlyKeys("pipeline/plain-consumer", "pipeline/streams-tuned");

    JsonNode written = new ObjectMapper().readTree(Files.readString(file));
    assertThat(written.path("setup").path("records").asLong()).isEqualTo(20_000);
    assertThat(written.path("targets").get(0).path("runs").get(0).path("check").path("exact").asBoolean()).isTrue();
    assertThat(results.resolve("throughput.png")).isNotEmptyFile();
  }

  @Test
  void latencyModeHoldsEveryMeasuredWindowExactAndWritesItsReportAndCharts() throws Exception {
    EndToEndBenchmark bench = new EndToEndBenchmark();
    bench.mode = "latency";
    bench.rate = 500; // small enough for a loaded 2-core machine to keep up with
    bench.runs = 1;
    bench.duration = java.time.Duration.ofSeconds(12);
    bench.warmup = java.time.Duration.ofSeconds(4);
    bench.trigger = java.time.Duration.ofMillis(500);
    // A cold pipeline's first data batches took over 30 s at a load average of 40-60 on 2 cores.
    bench.settle = java.time.Duration.ofMinutes(3);
    bench.resultsDir = results;

    assertThat(bench.call()).as("exit code: every measured window became exact").isZero();

    Path json;
    try (var files = Files.list(results)) {
      json = files.filter(f -> f.getFileName().toString().matches("latency-.*Z\\.json")).findFirst().orElseThrow();
    }
    JsonNode run = new ObjectMapper().readTree(Files.readString(json)).path("runs").get(0);
    // 12 s of load, 4 s warm-up: the windows ending in the last 8 s of 2 s windows, give or take one.
    assertThat(run.path("windowsMeasured").asInt()).isBetween(3, 5);
    assertThat(run.path("windowsNeverExact").asInt()).isZero();
    // 500/s for 12 s, paced in 10 ms slots (the last slot may add up to 5 records)
    assertThat(run.path("produced").asLong()).isBetween(4_800L, 6_005L);
    assertThat(run.path("p50Ms").asLong()).isNotNegative().isLessThanOrEqualTo(run.path("p99Ms").asLong());
    assertThat(run.path("rssMaxBytes").asLong()).as("RSS from /proc").isGreaterThan(50_000_000L);
    assertThat(run.path("stateRowsMax").asLong()).as("the pipeline's state store holds (window, emoji) rows").isPositive();
    String base = json.getFileName().toString().replace(".json", "");
    assertThat(results.resolve(base + ".png")).isNotEmptyFile();
    assertThat(results.resolve(base + "-rss.png")).isNotEmptyFile();
  }
}

