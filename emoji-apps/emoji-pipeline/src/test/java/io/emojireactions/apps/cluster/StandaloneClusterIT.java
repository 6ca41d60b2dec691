package io.emojireactions.apps.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.Await;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.testkit.TopicIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out proof: the pipeline jar ({@code emoji-pipeline-VERSION-spark.jar}) submitted with
 * SparkSubmit to a real Spark standalone cluster (a master and two 1-core workers, executors in
 * their own JVMs) reading a 3-broker Kafka cluster (input: 6 partitions, replication factor 3).
 * The max-merged output is exact against the generator's ground truth; then one worker and its
 * executor are killed with SIGKILL in the middle of the second backlog, Spark re-runs the lost
 * tasks on the surviving executor, and the output is still exact.
 *
 * <p>Records: {@code -Demoji.scaleout.records=N} (default 60,000, which keeps this IT near two
 * minutes on an idle machine; the 1M run is recorded in docs/benchmarks.md). {@code -Demoji.scaleout.cores=1}
 * caps the application at one executor core ({@code spark.cores.max}) for the 1-executor
 * throughput figure of the first phase.
 */
class StandaloneClusterIT {

  private static final long RECORDS = Long.getLong("emoji.scaleout.records", 60_000);
  private static final int CORES = Integer.getInteger("emoji.scaleout.cores", 2);
  private static final Duration WINDOW = Duration.ofSeconds(2);
  /** Generous: on a loaded 2-core machine a 10k-record batch took 15 s and the first one 130 s. */
  private static final Duration TIMEOUT = Duration.ofSeconds(Math.max(900, RECORDS / 500));
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String INPUT = "scale_reactions";
  private static final String OUTPUT = "scale_main_publisher";
  private static final String DLQ = "scale_reactions_dlq";

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(3);
  @TempDir static Path dir;
  private static SparkStandaloneCluster spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkStandaloneCluster.start(dir.resolve("spark"), 2, 1, "1g");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.close();
    }
  }

  private static ReactionGenerator generator(long seed, long count, Instant start) {
    return ReactionGenerator.builder().seed(seed).count(count).rooms(3).start(start)
        .span(Duration.ofSeconds(Math.max(60, count / 1_000)))
        .maxDisorder(Duration.ofSeconds(1)).variantFraction(0.3).invalidFraction(0.01)
        .alternateTimestampFraction(0.2).build();
  }

  @Test
  void thePipelineOnTwoWorkersIsExactAndStaysExactWhenAWorkerIsKilledMidStream() throws Exception {
    // Historical event times: keep them (retention counts from the record timestamp).
    Map<String, String> keep = Map.of("retention.ms", "-1", "min.insync.replicas", "2");
    KAFKA.cluster().createTopic(INPUT, 6, 3, keep);
    KAFKA.cluster().createTopic(OUTPUT, 6, 3, keep);
    KAFKA.cluster().createTopic(DLQ, 6, 3, keep);
    ReactionGenerator first = generator(91, RECORDS / 2, Instant.parse("2025-10-29T22:31:00Z"));
    GroundTruth firstTruth = first.groundTruth(WINDOW);
    Instant secondStart = Instant.parse("2025-10-29T22:31:00Z").plusSeconds(Math.max(60, RECORDS / 2 / 1_000));
    ReactionGenerator second = generator(92, RECORDS - RECORDS / 2, secondStart);
    GroundTruth secondTruth = second.groundTruth(WINDOW);
    TopicIO.produceBytes(KAFKA.bootstrapServers(), INPUT, first.valueBytes());

    // Six batches: three per phase, so the kill lands with two batches of the second phase to go.
    long perBatch = Math.max(5_000, RECORDS / 6);
    Map<String, String> conf = new LinkedHashMap<>(spark.baseConf());
    conf.put("spark.executor.memory", "640m");
    conf.put("spark.executor.cores", "1");
    conf.put("spark.cores.max", Integer.toString(CORES));
    conf.put("spark.ui.enabled", "false");
    Instant submitted = Instant.now();
    SparkStandaloneCluster.Submission driver = spark.submit("driver", "client", SparkStandaloneCluster.applicationJar(),
        "io.emojireactions.apps.pipeline.PipelineCli", conf, List.of("pipeline",
            "--bootstrap-servers", KAFKA.bootstrapServers(),
            "--input-topic", INPUT, "--output-topic", OUTPUT, "--dlq-topic", DLQ,
            "--checkpoint", dir.resolve("checkpoint").toString(),
            // A replayed backlog from 6 partitions interleaves event times: keep every record on time.
            "--lateness", "10m",
            "--trigger", "1s",
            "--max-offsets-per-trigger", Long.toString(perBatch),
            "--shuffle-partitions", "2"));

    // Phase 1: the first backlog on both executors.
    awaitInput(driver, first.count());
    List<long[]> firstBatches = driver.batches();
    assertSameCounts(maxMerged(), firstTruth.counts());
    long rows = firstBatches.stream().mapToLong(b -> b[1]).sum();
    long millis = firstBatches.stream().mapToLong(b -> b[3]).sum();
    // Warm: without the first batch, which pays class loading and code generation in every JVM.
    long warmRows = rows - firstBatches.get(0)[1];
    long warmMillis = millis - firstBatches.get(0)[3];
    System.out.printf("StandaloneClusterIT: phase 1: %d records (%d keys) on %d executor core(s) in %d batches"
            + " of <= %d, %d ms of batch time = %.0f records/s; warm (batches 2..%d): %d records in %d ms = %.0f records/s;"
            + " %d s from submission to the last batch; batch durations %s ms%n",
        rows, firstTruth.counts().size(), CORES, firstBatches.size(), perBatch, millis, rows * 1000.0 / millis,
        firstBatches.size(), warmRows, warmMillis, warmMillis == 0 ? 0 : warmRows * 1000.0 / warmMillis,
        Duration.between(submitted, Instant.now()).toSeconds(),
        firstBatches.stream().map(b -> Long.toString(b[3])).toList());
    if (CORES == 2) {
      // Executors in their own JVMs, one under each worker.
      assertThat(spark.executors(0)).hasSize(1);
      assertThat(spark.executors(1)).hasSize(1);
    }

    // Phase 2: the second backlog; once its first batch is done, kill -9 worker 1 and its executor.
    TopicIO.produceBytes(KAFKA.bootstrapServers(), INPUT, second.valueBytes());
    awaitInput(driver, first.count() + perBatch);
    spark.killWorker(1);
    long processedAtKill = driver.inputRows();
    assertThat(processedAtKill).as("killed mid-stream").isLessThan(RECORDS);
    System.out.printf("StandaloneClusterIT: killed worker 1 after %d of %d records%n", processedAtKill, RECORDS);
    spark.awaitAliveWorkers(1, Duration.ofSeconds(60));

    Instant killed = Instant.now();
    awaitInput(driver, RECORDS);
    System.out.printf("StandaloneClusterIT: phase 2 finished on the surviving worker %d s after the kill; batches %s%n",
        Duration.between(killed, Instant.now()).toSeconds(),
        driver.batches().stream().map(b -> b[1] + "@" + b[3] + "ms").toList());
    Map<GroundTruth.WindowKey, Long> expected = new HashMap<>(firstTruth.counts());
    secondTruth.counts().forEach((k, v) -> expected.merge(k, v, Long::sum));
    assertSameCounts(maxMerged(), expected);
    assertThat(dlqSources()).as("every invalid record on the DLQ, once per source offset")
        .isEqualTo(firstTruth.invalid() + secondTruth.invalid());
    assertThat(driver.output()).as("the driver saw the executor go").containsIgnoringCase("lost executor");
    assertThat(spark.executors(0)).as("the surviving executor did the rest").hasSize(1);
    assertThat(driver.process().isAlive()).as("the driver survived the worker").isTrue();
  }

  private static void awaitInput(SparkStandaloneCluster.Submission driver, long rows) {
    Await.until("the driver processed " + rows + " records", TIMEOUT,
        () -> {
          if (!driver.process().isAlive()) {
            throw new AssertionError("the driver exited with " + driver.process().exitValue() + ":\n" + driver.tail());
          }
          return driver.inputRows() >= rows;
        },
        () -> "processed " + driver.inputRows() + "; driver log:\n" + driver.tail());
  }

  /** The output topic max-merged per (room, window start, emoji): the consumer's rule. */
  private static Map<GroundTruth.WindowKey, Long> maxMerged() {
    Map<WindowedCount.Key, WindowedCount> merged = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(KAFKA.bootstrapServers(), OUTPUT, Duration.ofSeconds(60))) {
      WindowedCount count = WindowedCountJson.fromJson(r.value());
      merged.merge(count.key(), count, WindowedCount::mergeMax);
    }
    Map<GroundTruth.WindowKey, Long> out = new HashMap<>();
    merged.forEach((k, v) -> out.put(new GroundTruth.WindowKey(k.room(), k.windowStartMs(), k.emoji()), v.reactionCount()));
    return out;
  }

  /** Distinct source offsets on the DLQ (delivery is at-least-once). */
  private static long dlqSources() {
    Set<String> sources = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(KAFKA.bootstrapServers(), DLQ, Duration.ofSeconds(60))) {
      try {
        JsonNode m = JSON.readTree(r.value());
        sources.add(m.get("source_partition").asInt() + "@" + m.get("source_offset").asLong());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sources.size();
  }

  /** Exact equality of two count maps, failing with a short diff. */
  private static void assertSameCounts(Map<GroundTruth.WindowKey, Long> actual, Map<GroundTruth.WindowKey, Long> expected) {
    Set<GroundTruth.WindowKey> keys = new HashSet<>(actual.keySet());
    keys.addAll(expected.keySet());
    List<String> diffs = keys.stream().filter(k -> !java.util.Objects.equals(actual.get(k), expected.get(k)))
        .sorted().limit(10).map(k -> k + ": actual " + actual.get(k) + ", expected " + expected.get(k)).toList();
    assertThat(diffs).as("keys differ (actual %d keys, expected %d)", actual.size(), expected.size()).isEmpty();
  }
}
