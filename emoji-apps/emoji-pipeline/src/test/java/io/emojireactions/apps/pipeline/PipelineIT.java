package io.emojireactions.apps.pipeline;

import io.emojireactions.apps.internal.CommandLines;

import io.emojireactions.testkit.TestSpark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopicStatus;
import io.emojireactions.pubsub.TopologyAdmin;
import io.emojireactions.core.OutputMode;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.testkit.Await;
import io.emojireactions.apps.simulate.GeneratedRecord;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.testkit.TopicIO;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's static builder end to end on a real Kafka broker and real Spark, fed by the
 * testkit's seeded generator: {@code emoji_main_publisher} max-merged equals the generator's
 * ground truth exactly, and every invalid record is on the DLQ with its reason.
 */
class PipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
  /** The generator's event times (2025) are older than the broker's clock: keep them. */
  private static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);

  private static ReactionGenerator.Builder generator(long seed, long count, Instant start, Duration span) {
    return ReactionGenerator.builder().seed(seed).count(count).rooms(3).start(start).span(span)
        .maxDisorder(Duration.ofSeconds(1)).variantFraction(0.3).invalidFraction(0.01)
        .alternateTimestampFraction(0.2);
  }

  private static PipelineConfig.Builder config(String prefix, Path checkpoint) {
    return PipelineConfig.builder().bootstrapServers(KAFKA.bootstrapServers())
        .inputTopic(prefix + "_reactions")
        .outputTopic(prefix + "_main_publisher")
        .dlqTopic(prefix + "_reactions_dlq")
        .checkpointDir(checkpoint.toString())
        // Replaying a backlog from two partitions interleaves event times (one batch may be far
        // ahead on one partition): a lateness this large keeps every record on time, so the
        // ground truth counts all of them.
        .lateness(Duration.ofMinutes(10))
        .trigger(PipelineConfig.TriggerSpec.availableNow());
  }

  private static void createTopics(PipelineConfig c) {
    KAFKA.cluster().createTopic(c.inputTopic(), 2, 1, KEEP_FOREVER);
    // The output topics as `emoji pipeline` creates them at start.
    assertThat(TopologyAdmin.ensureTopics(KafkaConnection.of(c.bootstrapServers()), TopicSettings.brokerDefaults(),
            List.of(c.inputTopic(), c.outputTopic(), c.dlqTopic())))
        .extracting(TopicStatus::outcome)
        .containsExactly(TopicStatus.Outcome.EXISTS, TopicStatus.Outcome.CREATED, TopicStatus.Outcome.CREATED);
  }

  /** Reads the output topic and max-merges it per (room, window start, emoji): the consumer's rule. */
  private static Map<GroundTruth.WindowKey, Long> maxMerged(PipelineConfig c, boolean expectFinal) {
    Map<WindowedCount.Key, WindowedCount> merged = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(c.bootstrapServers(), c.outputTopic(), READ_TIMEOUT)) {
      WindowedCount count = WindowedCountJson.fromJson(r.value());
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(WindowedCountJson.key(count.room(), count.emoji()));
      assertThat(count.isFinal()).isEqualTo(expectFinal);
      assertThat(count.window().sizeMs()).isEqualTo(c.window().toMillis());
      assertThat(count.scaledReactions()).isEqualTo(c.scaling().apply(count.reactionCount()));
      merged.merge(count.key(), count, WindowedCount::mergeMax);
    }
    Map<GroundTruth.WindowKey, Long> out = new HashMap<>();
    merged.forEach((k, v) -> out.put(new GroundTruth.WindowKey(k.room(), k.windowStartMs(), k.emoji()), v.reactionCount()));
    return out;
  }

  /** "REASON\0original" → how many, for the invalid records of the generators. */
  private static Map<String, Long> expectedDlq(ReactionGenerator... generators) {
    return Stream.of(generators).flatMap(ReactionGenerator::records).filter(r -> !r.valid())
        .collect(Collectors.groupingBy(r -> r.expectedReject().name() + "\0" + r.value(), Collectors.counting()));
  }

  /** The DLQ topic as "REASON\0original" → how many, each source record once (delivery is at-least-once). */
  private static Map<String, Long> dlq(PipelineConfig c) throws Exception {
    Map<String, String> bySource = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(c.bootstrapServers(), c.dlqTopic(), READ_TIMEOUT)) {
      JsonNode m = JSON.readTree(r.value());
      assertThat(m.get("source_topic").asText()).isEqualTo(c.inputTopic());
      assertThat(m.get("message").asText()).isNotBlank();
      bySource.put(m.get("source_partition").asInt() + "@" + m.get("source_offset").asLong(),
          m.get("reason").asText() + "\0" + m.get("original").asText());
    }
    return bySource.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
  }

  private static Map<GroundTruth.WindowKey, Long> merge(GroundTruth a, GroundTruth b) {
    Map<GroundTruth.WindowKey, Long> out = new HashMap<>(a.counts());
    b.counts().forEach((k, v) -> out.merge(k, v, Long::sum));
    return out;
  }


  /** Exact equality of two count maps, failing with a short diff (a full dump is unreadable). */
  private static <K> void assertSameCounts(Map<K, Long> actual, Map<K, Long> expected) {
    List<String> diffs = new java.util.ArrayList<>();
    java.util.Set<K> keys = new java.util.HashSet<>(actual.keySet());
    keys.addAll(expected.keySet());
    for (K k : keys) {
      if (!java.util.Objects.equals(actual.get(k), expected.get(k))) {
        diffs.add(k + ": actual " + actual.get(k) + ", expected " + expected.get(k));
      }
    }
    assertThat(diffs).as("%d keys differ (actual %d keys, expected %d); first ones: %s", diffs.size(), actual.size(),
        expected.size(), diffs.stream().sorted().limit(10).toList()).isEmpty();
  }

  private static long inputRows(RunningPipeline p) {
    return Arrays.stream(p.main().recentProgress()).mapToLong(StreamingQueryProgress::numInputRows).sum();
  }

  @Test
  void availableNowTurnsTheWholeTopicIntoExactMaxMergedCountsAndADlq(@TempDir Path checkpoint) throws Exception {
    PipelineConfig c = config("e2e", checkpoint).maxOffsetsPerTrigger(OptionalLong.of(60_000)).build();
    createTopics(c);
    ReactionGenerator gen = generator(42, 200_000, Instant.parse("2025-10-29T22:31:00Z"), Duration.ofSeconds(400)).build();
    GroundTruth truth = gen.groundTruth(c.window());
    TopicIO.produceBytes(c.bootstrapServers(), c.inputTopic(), gen.valueBytes());
    System.out.printf("PipelineIT: seed 42, %d records, %d invalid %s, %d keys%n",
        truth.total(), truth.invalid(), truth.rejects(), truth.counts().size());

    RunningPipeline pipeline = PipelineQueries.start(TestSpark.session(), c);
    pipeline.awaitTermination();

    Map<GroundTruth.WindowKey, Long> merged = maxMerged(c, false);
    assertSameCounts(merged, truth.counts());
    assertThat(merged.keySet()).extracting(GroundTruth.WindowKey::emoji).contains("❤️").doesNotContain("❤");
    assertThat(gen.records().filter(GeneratedRecord::valid).map(r -> r.value()).anyMatch(v -> v.contains("\"\u2764\""))).isTrue();
    assertSameCounts(dlq(c), expectedDlq(gen));
    assertThat(truth.rejects().keySet()).hasSizeGreaterThanOrEqualTo(5);

    List<StreamingQueryProgress> progress = Arrays.stream(pipeline.main().recentProgress())
        .filter(p -> p.numInputRows() > 0).toList();
    assertThat(progress).as("maxOffsetsPerTrigger splits the backlog").hasSizeGreaterThanOrEqualTo(4);
    assertThat(progress.stream().mapToLong(StreamingQueryProgress::numInputRows).sum()).isEqualTo(truth.total());
    long rejected = progress.stream().mapToLong(p -> {
      Row metrics = p.observedMetrics().get(PipelineQueries.PARSE_METRICS);
      return metrics.<Long>getAs("rejected");
    }).sum();
    assertThat(rejected).isEqualTo(truth.invalid());
    assertThat(ProgressLog.line(progress.get(0))).startsWith("batch=0 input=").contains(" late_dropped=0 ", " dlq=");
  }

  @Test
  void aStoppedPipelineRestartedOnItsCheckpointKeepsTheMergedOutputExact(@TempDir Path checkpoint) throws Exception {
    PipelineConfig first = config("restart", checkpoint)
        .trigger(PipelineConfig.TriggerSpec.every(Duration.ofMillis(200)))
        .maxOffsetsPerTrigger(OptionalLong.of(5_000))
        .outputMode(OutputMode.UPDATE)
        .build();
    createTopics(first);
    ReactionGenerator before = generator(7, 40_000, Instant.parse("2025-10-29T22:31:00Z"), Duration.ofSeconds(80)).build();
    ReactionGenerator after = generator(8, 20_000, Instant.parse("2025-10-29T22:32:20Z"), Duration.ofSeconds(40)).build();
    TopicIO.produceBytes(first.bootstrapServers(), first.inputTopic(), before.valueBytes());

    RunningPipeline running = PipelineQueries.start(TestSpark.session(), first);
    try {
      // Generous: this is the JVM's first query when the test runs first, and its first batches
      // (code generation, class loading) took over 90 s on 2 cores at a load average of 40-70.
      Await.until("the pipeline processed 10,000 records", Duration.ofMinutes(4), () -> inputRows(running) >= 10_000);
    } finally {
      running.stop(); // mid-backlog: 40k records at 5k per batch; stopped even when the wait failed
    }
    long processedBeforeStop = inputRows(running);
    assertThat(processedBeforeStop).isLessThan(40_000);

    TopicIO.produceBytes(first.bootstrapServers(), first.inputTopic(), after.valueBytes());
    // The rest in one batch: available-now honours maxOffsetsPerTrigger, and small batches cost time here.
    PipelineConfig second = first.toBuilder().trigger(PipelineConfig.TriggerSpec.availableNow())
        .maxOffsetsPerTrigger(OptionalLong.empty()).build();
    RunningPipeline resumed = PipelineQueries.start(TestSpark.session(), second);
    resumed.awaitTermination();

    assertThat(processedBeforeStop + inputRows(resumed)).as("the restart resumed where the stop left off")
        .isEqualTo(60_000);
    assertSameCounts(maxMerged(second, false), merge(before.groundTruth(second.window()), after.groundTruth(second.window())));
    assertSameCounts(dlq(second), expectedDlq(before, after));
  }

  @Test
  void appendModeEmitsEachClosedWindowOnceAndFinal(@TempDir Path checkpoint) throws Exception {
    PipelineConfig c = config("append", checkpoint).outputMode(OutputMode.APPEND).lateness(Duration.ofSeconds(5)).build();
    createTopics(c);
    ReactionGenerator gen = generator(99, 5_000, Instant.parse("2025-10-29T22:31:00Z"), Duration.ofSeconds(60)).build();
    TopicIO.produceBytes(c.bootstrapServers(), c.inputTopic(), gen.valueBytes());
    RunningPipeline pipeline = PipelineQueries.start(TestSpark.session(), c);
    pipeline.awaitTermination();

    Map<GroundTruth.WindowKey, Long> emitted = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(c.bootstrapServers(), c.outputTopic(), READ_TIMEOUT)) {
      WindowedCount count = WindowedCountJson.fromJson(r.value());
      assertThat(count.isFinal()).isTrue();
      GroundTruth.WindowKey key = new GroundTruth.WindowKey(count.room(), count.window().startMs(), count.emoji());
      assertThat(emitted.put(key, count.reactionCount())).as("emitted once: %s", key).isNull();
    }
    // One data batch holds everything; the no-data batch after it advances the watermark to
    // max event time - lateness and emits, final, exactly the windows that end at or before it.
    long watermark = gen.records().filter(GeneratedRecord::valid).mapToLong(GeneratedRecord::eventTimeMs).max().orElseThrow()
        - c.lateness().toMillis();
    Map<GroundTruth.WindowKey, Long> closed = new HashMap<>();
    gen.groundTruth(c.window()).counts().forEach((k, v) -> {
      if (k.windowStartMs() + c.window().toMillis() <= watermark) {
        closed.put(k, v);
      }
    });
    assertThat(closed).isNotEmpty().hasSizeLessThan(gen.groundTruth(c.window()).counts().size());
    assertSameCounts(emitted, closed);
  }

  @Test
  void theCommandLineCreatesTheTopicsRunsAvailableNowAndExitsZero(@TempDir Path checkpoint) throws Exception {
    String prefix = "cli";
    KAFKA.cluster().createTopic(prefix + "_reactions", 1, 1, KEEP_FOREVER);
    ReactionGenerator gen = generator(5, 2_000, Instant.parse("2025-10-29T22:31:00Z"), Duration.ofSeconds(20)).build();
    TopicIO.produceBytes(KAFKA.bootstrapServers(), prefix + "_reactions", gen.valueBytes());

    int exit = CommandLines.of(new PipelineCommand(), new DebugCommand()).execute("pipeline",
        "--bootstrap-servers", KAFKA.bootstrapServers(), "--input-topic", prefix + "_reactions",
        "--output-topic", prefix + "_main_publisher", "--dlq-topic", prefix + "_reactions_dlq",
        "--trigger", "available-now", "--lateness", "1m", "--scaling", "identity",
        "--checkpoint", checkpoint.toString(), "--master", "local[2]");

    assertThat(exit).isZero();
    PipelineConfig c = config(prefix, checkpoint).scaling(io.emojireactions.core.ScalingPolicy.parse("identity")).build();
    assertSameCounts(maxMerged(c, false), gen.groundTruth(c.window()).counts());
    assertSameCounts(dlq(c), expectedDlq(gen));
    assertThat(checkpoint.resolve("main")).isDirectory();
    assertThat(checkpoint.resolve("dlq")).as("one query: the DLQ is written by its parse stage").doesNotExist();
  }

  @Test
  void roomsTheRoomPolicyRefusesGoToTheDlqWithTheirReasonAndAreNotCounted(@TempDir Path checkpoint) throws Exception {
    String prefix = "rooms";
    KAFKA.cluster().createTopic(prefix + "_reactions", 1, 1, KEEP_FOREVER);
    // 60 reactions: rooms final and semi-final (allowed) and 40 rooms a client invented, one per reaction.
    List<String> values = new java.util.ArrayList<>();
    Map<GroundTruth.WindowKey, Long> expected = new HashMap<>();
    Map<String, Long> expectedDlq = new HashMap<>();
    long start = Instant.parse("2025-10-29T22:31:00Z").toEpochMilli();
    for (int i = 0; i < 60; i++) {
      String room = i % 3 == 0 ? "final" : i % 3 == 1 ? "semi-final" : "invented-" + i;
      long ts = start + i * 100L;
      String v = "{\"user_id\":\"u" + i + "\",\"emoji_type\":\"😂\",\"timestamp\":" + ts + ",\"room\":\"" + room + "\"}";
      values.add(v);
      if (room.startsWith("invented-")) {
        expectedDlq.merge("ROOM_NOT_ALLOWED\0" + v, 1L, Long::sum);
      } else {
        expected.merge(new GroundTruth.WindowKey(room, ts - Math.floorMod(ts, 2_000L), "😂"), 1L, Long::sum);
      }
    }
    TopicIO.produceBytes(KAFKA.bootstrapServers(), prefix + "_reactions", values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)));

    int exit = CommandLines.of(new PipelineCommand(), new DebugCommand()).execute("pipeline",
        "--bootstrap-servers", KAFKA.bootstrapServers(), "--input-topic", prefix + "_reactions",
        "--output-topic", prefix + "_main_publisher", "--dlq-topic", prefix + "_reactions_dlq",
        "--trigger", "available-now", "--lateness", "1m", "--scaling", "identity",
        "--rooms-allowed", "final,semi-final",
        "--checkpoint", checkpoint.toString(), "--master", "local[2]");

    assertThat(exit).isZero();
    PipelineConfig c = config(prefix, checkpoint).scaling(io.emojireactions.core.ScalingPolicy.parse("identity")).build();
    assertSameCounts(maxMerged(c, false), expected);
    assertThat(expectedDlq).hasSize(20);
    assertSameCounts(dlq(c), expectedDlq);
  }
}
