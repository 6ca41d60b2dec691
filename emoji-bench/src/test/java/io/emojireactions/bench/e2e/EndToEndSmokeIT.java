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
 * report is written. Speed is not asserted. The seed-shape target is left out to keep the test
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
  }
}
