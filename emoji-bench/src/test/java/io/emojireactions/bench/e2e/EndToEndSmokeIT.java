package io.emojireactions.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end on tiny data (a real broker, real Spark, a real JVM per target): every
 * target runs once in its own JVM over the whole backlog, after its warm-up pass, and the report
 * carries the provenance (commit, machine, load, JVM flags), every run's check against the ground
 * truth (counts, window ends, keys, scaled values), the Spark targets' micro-batches and the
 * ratios to the plain consumer; then the latency mode on a small live load (every measured window
 * becomes exact, report and charts written). Speed and latency are not asserted.
 */
class EndToEndSmokeIT {

  private static final long RECORDS = 20_000;

  @TempDir Path results;

  @Test
  void everyTargetRunsInItsOwnJvmOverTheWholeBacklogAndTheReportCarriesItsProvenance() throws Exception {
    EndToEndBenchmark bench = new EndToEndBenchmark();
    bench.records = RECORDS;
    bench.runs = 1;
    bench.warmupRecords = 2_000;
    bench.span = java.time.Duration.ofSeconds(60);
    bench.seed = 7;
    bench.heap = "768m";
    bench.childJavaOpts = "-Demoji.bench.child={target}-{run}";
    bench.childTimeout = java.time.Duration.ofMinutes(10);
    bench.targets = Target.ALL;

    BenchReport report = bench.run();
    Path file = EndToEndBenchmark.write(report, results);
    Charts.throughput(report, results.resolve("throughput.png"));

    assertThat(report.targets()).extracting(BenchReport.TargetSummary::name).containsExactlyElementsOf(Target.ALL);
    for (BenchReport.TargetSummary t : report.targets()) {
      BenchReport.Run run = t.runs().get(0);
      assertThat(run.error()).as(t.name() + " failed").isNull();
      assertThat(run.position()).as(t.name() + " position in run 0").isEqualTo(Target.ALL.indexOf(t.name()));
      assertThat(run.records()).isEqualTo(RECORDS);
      assertThat(run.recordsRead()).as(t.name() + " records read").isEqualTo(RECORDS);
      assertThat(run.warmupSeconds()).as(t.name() + " warm-up pass").isPositive();
      assertThat(run.loadAverageBefore()).hasSize(3);
      assertThat(run.loadAverageAfter()).hasSize(3);
      assertThat(t.medianRecordsPerSecond()).as(t.name() + " rate").isPositive();
      assertThat(t.ratioToPlainConsumer()).as(t.name() + " ratio").isNotNull().isPositive();
      OutputCheck check = run.check();
      if (t.name().startsWith("seed-shape")) {
        assertThat(t.checkedOn()).isEqualTo(OutputCheck.SEED_FIELDS);
      } else {
        assertThat(t.checkedOn()).isEqualTo(OutputCheck.CONTRACT_FIELDS);
      }
      // every record has its window end, key and (contract targets) scaled value right, whatever its count
      assertThat(check.wrongWindowEnd()).as(t.name() + " window ends").isZero();
      assertThat(check.wrongRecordKey()).as(t.name() + " record keys").isZero();
      assertThat(check.wrongScaled()).as(t.name() + " scaled values").isZero();
      if (Target.MAY_DROP.contains(t.name())) {
        assertThat(run.extra()).containsKeys("droppedRecords", "droppedPartialCounts");
        assertThat(((Number) run.extra().get("droppedRecords")).longValue()).isEqualTo(check.expectedTotal() - check.countedTotal());
      } else {
        // valid-only backlog, no variants: every other target is exact
        assertThat(check.exact()).as(t.name() + " output vs ground truth: " + check).isTrue();
        assertThat(check.countedTotal()).isEqualTo(RECORDS);
      }
      if (t.name().startsWith("pipeline") || t.name().startsWith("seed-shape")) {
        assertThat(run.microBatches()).as(t.name() + " micro-batches").isNotEmpty();
        assertThat(run.microBatches().stream().mapToLong(BatchRecorder.MicroBatch::numInputRows).sum()).isEqualTo(RECORDS);
        assertThat(run.microBatches().get(0).durationMs()).containsKeys("triggerExecution", "addBatch", "latestOffset", "walCommit");
      } else {
        assertThat(run.microBatches()).isEmpty();
      }
    }
    assertThat(report.targets().stream().filter(t -> t.name().equals("plain-consumer")).findFirst().orElseThrow()
        .ratioToPlainConsumer()).isEqualTo(1.0);
    assertThat(EndToEndBenchmark.passed(report)).isTrue();

    JsonNode written = new ObjectMapper().readTree(Files.readString(file));
    assertThat(written.path("commit").path("sha").asText()).matches("[0-9a-f]{40}");
    assertThat(written.path("commit").path("dirty").isBoolean()).isTrue();
    assertThat(written.path("machine").path("nproc").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(written.path("machine").path("memTotalBytes").asLong()).isPositive();
    assertThat(written.path("machine").path("cpuModel").asText()).isNotBlank();
    assertThat(written.path("jvm").path("java").asText()).contains(System.getProperty("java.runtime.version"));
    List<String> flags = new ArrayList<>();
    written.path("jvm").path("childFlags").forEach(f -> flags.add(f.asText()));
    assertThat(flags).contains("-Xmx768m", "-Demoji.bench.child={target}-{run}", "-Duser.timezone=UTC")
        .noneMatch(f -> f.startsWith("-Xmx3g"));
    assertThat(written.path("setup").path("records").asLong()).isEqualTo(RECORDS);
    assertThat(written.path("setup").path("warmupRecords").asLong()).isEqualTo(2_000);
    JsonNode pipeline = written.path("targets").get(0);
    assertThat(pipeline.path("name").asText()).isEqualTo("pipeline");
    assertThat(pipeline.path("runs").get(0).path("check").path("exact").asBoolean()).isTrue();
    assertThat(pipeline.path("runs").get(0).path("microBatches").get(0).path("durationMs").path("triggerExecution").asLong()).isPositive();
    assertThat(pipeline.path("runs").get(0).path("extra").path("childJava").asText()).isEqualTo(System.getProperty("java.runtime.version"));
    assertThat(written.path("targets").get(0).has("medianRecordsPerSecond")).isTrue();
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
    long rows = 0;
    for (JsonNode batch : run.path("microBatches")) {
      assertThat(batch.path("durationMs").has("triggerExecution")).as("batch " + batch.path("batchId")).isTrue();
      rows += batch.path("numInputRows").asLong();
    }
    // the pipeline is stopped once the measured windows are exact: the last records may be in no finished batch
    assertThat(rows).as("records in the recorded micro-batches").isPositive().isLessThanOrEqualTo(run.path("produced").asLong());
    String base = json.getFileName().toString().replace(".json", "");
    assertThat(results.resolve(base + ".png")).isNotEmptyFile();
    assertThat(results.resolve(base + "-rss.png")).isNotEmptyFile();
  }
}

