package io.emojireactions.apps.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.internal.Topics;
import io.emojireactions.core.OutputMode;
import io.emojireactions.core.RejectReason;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's static builder end to end on a real Kafka broker and real Spark: seed-format
 * input with invalid records → {@code emoji_main_publisher} max-merged equals the ground truth
 * exactly, and every invalid record is on the DLQ with its reason.
 */
class PipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long START_MS = 1_761_777_060_000L; // 2025-10-29T22:31:00Z: older than the broker's clock
  private static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");

  private static KafkaCluster kafka;

  @BeforeAll
  static void startKafka() {
    kafka = KafkaCluster.start(1);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static PipelineConfig.Builder config(String prefix, Path checkpoint) {
    return PipelineConfig.builder(kafka.bootstrapServers())
        .inputTopic(prefix + "_reactions")
        .outputTopic(prefix + "_main_publisher")
        .dlqTopic(prefix + "_reactions_dlq")
        .checkpointDir(checkpoint.toString())
        // Replaying a backlog from two partitions interleaves event times; the generator's disorder
        // is 1.5 s, so this lateness keeps every record on time: the truth counts all of them.
        .lateness(Duration.ofMinutes(10))
        .trigger(PipelineConfig.TriggerSpec.availableNow());
  }

  private static void createTopics(PipelineConfig c) {
    kafka.createTopic(c.inputTopic(), 2, 1, KEEP_FOREVER);
    // The output topics through the app's own helper (what `emoji pipeline` does at start).
    assertThat(Topics.ensure(c.bootstrapServers(), Map.of(), List.of(c.inputTopic(), c.outputTopic(), c.dlqTopic())))
        .containsExactlyInAnyOrder(c.outputTopic(), c.dlqTopic());
  }

  /** Max-merges the output topic per (room, window start, emoji): the consumer's rule. */
  private static Map<WindowedCount.Key, Long> maxMerged(PipelineConfig c, boolean expectFinal) {
    Map<WindowedCount.Key, WindowedCount> merged = new HashMap<>();
    for (ConsumerRecord<String, String> r : KafkaIo.readAll(c.bootstrapServers(), c.outputTopic())) {
      WindowedCount count = WindowedCountJson.fromJson(r.value().getBytes(StandardCharsets.UTF_8));
      assertThat(r.key()).isEqualTo(WindowedCountJson.key(count.room(), count.emoji()));
      assertThat(count.isFinal()).isEqualTo(expectFinal);
      assertThat(count.window().sizeMs()).isEqualTo(c.window().toMillis());
      assertThat(count.scaledReactions()).isEqualTo(c.scaling().apply(count.reactionCount()));
      merged.merge(count.key(), count, WindowedCount::mergeMax);
    }
    Map<WindowedCount.Key, Long> out = new HashMap<>();
    merged.forEach((k, v) -> out.put(k, v.reactionCount()));
    return out;
  }

  private static void assertDlqHoldsEveryInvalidRecord(PipelineConfig c, SeedFormatData data) throws Exception {
    Map<String, RejectReason> seen = new HashMap<>();
    for (ConsumerRecord<String, String> r : KafkaIo.readAll(c.bootstrapServers(), c.dlqTopic())) {
      JsonNode m = JSON.readTree(r.value());
      assertThat(m.get("source_topic").asText()).isEqualTo(c.inputTopic());
      assertThat(m.get("message").asText()).isNotBlank();
      seen.put(m.get("original").asText(), RejectReason.valueOf(m.get("reason").asText()));
    }
    assertThat(seen).isEqualTo(data.invalid);
  }

  @Test
  void availableNowTurnsTheWholeTopicIntoExactMaxMergedCountsAndADlq(@TempDir Path checkpoint) throws Exception {
    PipelineConfig c = config("e2e", checkpoint).maxOffsetsPerTrigger(OptionalLong.of(60_000)).build();
    createTopics(c);
    SeedFormatData data = new SeedFormatData(42, START_MS, c.window().toMillis());
    KafkaIo.produce(c.bootstrapServers(), c.inputTopic(), data.add(200_000, 400_000));
    System.out.printf("PipelineIT: seed 42, %d records, %d invalid, %d keys%n",
        data.values.size(), data.invalid.size(), data.truth.size());

    RunningPipeline pipeline = PipelineQueries.start(TestSpark.session(), c);
    pipeline.awaitTermination();

    Map<WindowedCount.Key, Long> merged = maxMerged(c, false);
    assertThat(merged).hasSameSizeAs(data.truth).isEqualTo(data.truth);
    assertThat(merged.keySet()).extracting(WindowedCount.Key::emoji).contains("❤️").doesNotContain("❤");
    assertDlqHoldsEveryInvalidRecord(c, data);

    List<StreamingQueryProgress> progress = Arrays.stream(pipeline.main().recentProgress())
        .filter(p -> p.numInputRows() > 0).toList();
    assertThat(progress).as("maxOffsetsPerTrigger splits the backlog").hasSizeGreaterThanOrEqualTo(4);
    assertThat(progress.stream().mapToLong(StreamingQueryProgress::numInputRows).sum()).isEqualTo(200_000);
    long rejected = progress.stream().mapToLong(p -> {
      Row metrics = p.observedMetrics().get(PipelineQueries.PARSE_METRICS);
      return metrics.<Long>getAs("rejected");
    }).sum();
    assertThat(rejected).isEqualTo(data.invalid.size());
    assertThat(ProgressLog.line(progress.get(0))).startsWith("batch=0 input=").contains(" dlq=", " late_dropped=0 ");
  }

  @Test
  void aStoppedPipelineRestartedOnItsCheckpointKeepsTheMergedOutputExact(@TempDir Path checkpoint) throws Exception {
    PipelineConfig first = config("restart", checkpoint)
        .trigger(PipelineConfig.TriggerSpec.every(Duration.ofMillis(200)))
        .maxOffsetsPerTrigger(OptionalLong.of(5_000))
        .outputMode(OutputMode.UPDATE)
        .build();
    createTopics(first);
    SeedFormatData data = new SeedFormatData(7, START_MS, first.window().toMillis());
    KafkaIo.produce(first.bootstrapServers(), first.inputTopic(), data.add(40_000, 80_000));

    RunningPipeline running = PipelineQueries.start(TestSpark.session(), first);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (running.main().recentProgress().length == 0
        || Arrays.stream(running.main().recentProgress()).mapToLong(StreamingQueryProgress::numInputRows).sum() < 10_000) {
      assertThat(System.nanoTime()).as("the first batches within 90 s").isLessThan(deadline);
      running.main().awaitTermination(100);
    }
    running.stop(); // mid-backlog: 40k records, 5k per batch
    long processedBeforeStop = Arrays.stream(running.main().recentProgress()).mapToLong(StreamingQueryProgress::numInputRows).sum();
    assertThat(processedBeforeStop).isLessThan(40_000);

    KafkaIo.produce(first.bootstrapServers(), first.inputTopic(), data.add(20_000, 40_000));
    PipelineConfig second = first.toBuilder().trigger(PipelineConfig.TriggerSpec.availableNow()).build();
    RunningPipeline resumed = PipelineQueries.start(TestSpark.session(), second);
    resumed.awaitTermination();

    long processedAfterRestart = Arrays.stream(resumed.main().recentProgress()).mapToLong(StreamingQueryProgress::numInputRows).sum();
    assertThat(processedBeforeStop + processedAfterRestart).as("each record read once by the main query").isEqualTo(60_000);
    assertThat(maxMerged(second, false)).isEqualTo(data.truth);
    assertDlqHoldsEveryInvalidRecord(second, data);
  }

  @Test
  void appendModeEmitsEachClosedWindowOnceAndFinal(@TempDir Path checkpoint) throws Exception {
    PipelineConfig c = config("append", checkpoint).outputMode(OutputMode.APPEND).lateness(Duration.ofSeconds(5)).build();
    createTopics(c);
    SeedFormatData data = new SeedFormatData(99, START_MS, c.window().toMillis());
    // One batch holds it all; append mode emits windows once the watermark (max - 5 s) passes them,
    // which the no-data batch after it does: every window ending at or before that is final.
    KafkaIo.produce(c.bootstrapServers(), c.inputTopic(), data.add(5_000, 60_000));
    RunningPipeline pipeline = PipelineQueries.start(TestSpark.session(), c);
    pipeline.awaitTermination();

    List<ConsumerRecord<String, String>> out = KafkaIo.readAll(c.bootstrapServers(), c.outputTopic());
    Map<WindowedCount.Key, Long> emitted = new HashMap<>();
    for (ConsumerRecord<String, String> r : out) {
      WindowedCount count = WindowedCountJson.fromJson(r.value().getBytes(StandardCharsets.UTF_8));
      assertThat(count.isFinal()).isTrue();
      assertThat(emitted.put(count.key(), count.reactionCount())).as("emitted once: %s", count.key()).isNull();
    }
    long watermark = data.maxEventMs - c.lateness().toMillis();
    Map<WindowedCount.Key, Long> closed = new HashMap<>();
    data.truth.forEach((k, v) -> {
      if (k.windowStartMs() + c.window().toMillis() <= watermark) {
        closed.put(k, v);
      }
    });
    assertThat(closed).isNotEmpty().hasSizeLessThan(data.truth.size());
    assertThat(emitted).isEqualTo(closed);
  }
}
