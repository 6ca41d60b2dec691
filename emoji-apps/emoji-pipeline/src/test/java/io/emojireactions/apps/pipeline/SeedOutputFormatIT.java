package io.emojireactions.apps.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.internal.CommandLines;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.spark.OutputFormat;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.testkit.TestSpark;
import io.emojireactions.testkit.TopicIO;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code emoji pipeline --output-format seed} end to end on a real broker and real Spark: the
 * output topic read as a consumer of the Python system reads it (its own parser here, written to
 * that format, not the project's codec) holds exactly its five fields, its key, and counts per
 * (window, emoji) over all rooms that, max-merged, equal the generator's ground truth.
 */
class SeedOutputFormatIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter PYTHON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  /** The bytes as Python's json.dumps writes them: its separators, its field order, nothing else. */
  private static final Pattern PYTHON_BYTES = Pattern.compile("\\{\"window_start\": \"[0-9-]{10} [0-9:]{8}\", "
      + "\"window_end\": \"[0-9-]{10} [0-9:]{8}\", \"emoji\": \"[^\"\\\\]+\", \"reaction_count\": [0-9]+, \"scaled_reactions\": [0-9]+\\}");
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);

  /** One aggregate as the Python system's consumer sees it. */
  private record SeedAggregate(LocalDateTime windowStart, LocalDateTime windowEnd, String emoji, long count, long scaled) {}

  /** Parses one record value by the Python format alone: exactly its five fields, in order. */
  private static SeedAggregate parse(String value) throws Exception {
    LinkedHashMap<String, Object> fields = JSON.readValue(value, new TypeReference<LinkedHashMap<String, Object>>() {});
    assertThat(fields.keySet()).as(value).containsExactly("window_start", "window_end", "emoji", "reaction_count", "scaled_reactions");
    assertThat(fields.get("reaction_count")).as(value).isInstanceOfAny(Integer.class, Long.class);
    assertThat(fields.get("scaled_reactions")).as(value).isInstanceOfAny(Integer.class, Long.class);
    return new SeedAggregate(
        LocalDateTime.parse((String) fields.get("window_start"), PYTHON_TIME),
        LocalDateTime.parse((String) fields.get("window_end"), PYTHON_TIME),
        (String) fields.get("emoji"),
        ((Number) fields.get("reaction_count")).longValue(),
        ((Number) fields.get("scaled_reactions")).longValue());
  }

  private static String reaction(String emoji, String timestamp, String room) {
    return "{\"user_id\":\"u\",\"emoji_type\":\"" + emoji + "\",\"timestamp\":\"" + timestamp + "\",\"room\":\"" + room + "\"}";
  }

  @Test
  void seedFormatWritesThePythonJobsRecordsCountedOverAllRoomsExactly(@TempDir Path checkpoint) throws Exception {
    String prefix = "seedfmt";
    String input = prefix + "_reactions";
    String output = prefix + "_main_publisher";
    KAFKA.cluster().createTopic(input, 2, 1, Map.of("retention.ms", "-1"));
    ReactionGenerator gen = ReactionGenerator.builder().seed(31).count(6_000).rooms(List.of("global", "match-1", "match-2"))
        .start(Instant.parse("2025-10-29T22:31:00Z")).span(Duration.ofSeconds(60)).maxDisorder(Duration.ofSeconds(1))
        .variantFraction(0.3).invalidFraction(0.01).build();
    TopicIO.produceBytes(KAFKA.bootstrapServers(), input, gen.valueBytes());
    // By hand, after the generator's span: one ❤️ window with a reaction in each of three rooms.
    TopicIO.produce(KAFKA.bootstrapServers(), input, List.of(
        reaction("❤", "2025-10-29T22:40:00.500", "global"),
        reaction("❤️", "2025-10-29T22:40:01.999Z", "match-1"),
        reaction("❤️", "2025-10-29T22:40:01", "match-2")));

    int exit = CommandLines.of(new PipelineCommand(), new DebugCommand()).execute("pipeline",
        "--bootstrap-servers", KAFKA.bootstrapServers(), "--input-topic", input, "--output-topic", output,
        "--dlq-topic", prefix + "_reactions_dlq", "--output-format", "seed", "--trigger", "available-now",
        // Several batches, so that update mode re-emits windows that span two of them.
        "--max-offsets-per-trigger", "1000", "--lateness", "10m",
        "--checkpoint", checkpoint.toString(), "--master", "local[2]");
    assertThat(exit).isZero();

    // The expectation: the generator's per-room ground truth summed over rooms, plus the three by hand.
    GroundTruth truth = gen.groundTruth(Duration.ofSeconds(2));
    Map<String, Long> expected = new HashMap<>();
    truth.counts().forEach((k, n) -> expected.merge(pythonTime(k.windowStartMs()) + " " + k.emoji(), n, Long::sum));
    expected.merge("2025-10-29 22:40:00 ❤️", 3L, Long::sum);

    Map<String, Long> merged = new HashMap<>();
    Map<String, List<Long>> emitted = new HashMap<>();
    String lastHandWritten = null;
    List<ConsumerRecord<byte[], byte[]>> records = TopicIO.readAll(KAFKA.bootstrapServers(), output, READ_TIMEOUT);
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String value = new String(r.value(), StandardCharsets.UTF_8);
      assertThat(value).matches(PYTHON_BYTES);
      SeedAggregate a = parse(value);
      String start = a.windowStart().format(PYTHON_TIME);
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(start);
      assertThat(a.windowEnd()).isEqualTo(a.windowStart().plusSeconds(2));
      assertThat(a.scaled()).as(value).isEqualTo(a.count() <= 1000 ? 1 : a.count());
      String key = start + " " + a.emoji();
      merged.merge(key, a.count(), Math::max);
      emitted.computeIfAbsent(key, k -> new ArrayList<>()).add(a.count());
      if (key.equals("2025-10-29 22:40:00 ❤️")) {
        lastHandWritten = value;
      }
    }
    assertThat(merged).isEqualTo(expected);
    assertThat(lastHandWritten).isEqualTo("{\"window_start\": \"2025-10-29 22:40:00\", \"window_end\": \"2025-10-29 22:40:02\", "
        + "\"emoji\": \"❤️\", \"reaction_count\": 3, \"scaled_reactions\": 1}");
    assertThat(merged.keySet()).noneMatch(k -> k.endsWith(" ❤"));

    // Rooms are summed: many (window, emoji) totals are larger than any one room's count.
    Map<String, Long> largestRoom = new HashMap<>();
    truth.counts().forEach((k, n) -> largestRoom.merge(pythonTime(k.windowStartMs()) + " " + k.emoji(), n, Math::max));
    long summed = largestRoom.entrySet().stream().filter(e -> merged.get(e.getKey()) > e.getValue()).count();
    assertThat(summed).isGreaterThan(100);

    // Update mode: a window spanning two batches is re-emitted, each time with a higher count; all
    // updates of one window are on one partition (the key is its start), so they arrive in order.
    List<List<Long>> reEmitted = emitted.values().stream().filter(c -> c.size() > 1).toList();
    assertThat(reEmitted).isNotEmpty();
    assertThat(reEmitted).allSatisfy(counts -> assertThat(counts).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates());
    assertThat(records.size()).isGreaterThan(expected.size());
    System.out.printf("SeedOutputFormatIT: %d records in, %d aggregates out for %d (window, emoji) keys, %d re-emitted, %d over several rooms%n",
        truth.total() + 3, records.size(), expected.size(), reEmitted.size(), summed);
  }

  @Test
  void aCheckpointOfTheEmojiFormatIsRefusedInTheSeedFormatInsteadOfMixingTheTwoKeys(@TempDir Path checkpoint) throws Exception {
    PipelineConfig emoji = PipelineConfig.builder().bootstrapServers(KAFKA.bootstrapServers())
        .inputTopic("switch_reactions").outputTopic("switch_main_publisher").dlqTopic("switch_reactions_dlq")
        .checkpointDir(checkpoint.toString()).lateness(Duration.ofMinutes(10))
        .trigger(PipelineConfig.TriggerSpec.availableNow()).build();
    KAFKA.cluster().createTopic(emoji.inputTopic(), 1, 1, Map.of("retention.ms", "-1"));
    KAFKA.cluster().createTopic(emoji.outputTopic(), 1, 1, Map.of("retention.ms", "-1"));
    TopicIO.produce(KAFKA.bootstrapServers(), emoji.inputTopic(), List.of(reaction("👍", "2025-10-29T22:31:00", "match-1")));
    RunningPipeline first = PipelineQueries.start(TestSpark.session(), emoji);
    first.awaitTermination();

    TopicIO.produce(KAFKA.bootstrapServers(), emoji.inputTopic(), List.of(reaction("👍", "2025-10-29T22:31:01", "global")));
    PipelineConfig seed = emoji.toBuilder().outputFormat(OutputFormat.SEED).build();
    RunningPipeline second = PipelineQueries.start(TestSpark.session(), seed);
    assertThatThrownBy(second::awaitTermination)
        .hasStackTraceContaining("Provided schema doesn't match to the schema for existing state");
    assertThat(TopicIO.readValues(KAFKA.bootstrapServers(), emoji.outputTopic(), READ_TIMEOUT)).containsExactly(
        "{\"room\":\"match-1\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\","
            + "\"emoji\":\"👍\",\"reaction_count\":1,\"scaled_reactions\":1,\"final\":false}");
  }

  private static String pythonTime(long epochMs) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(epochMs, 1000), 0, ZoneOffset.UTC).format(PYTHON_TIME);
  }
}
