package io.emojireactions.apps.security;

import io.emojireactions.testkit.TestSpark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.ingest.IngestConfig;
import io.emojireactions.apps.ingest.IngestServer;
import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.apps.pipeline.RunningPipeline;
import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.core.ParseResult;
import io.emojireactions.core.Reaction;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.RejectReason;
import io.emojireactions.core.TumblingWindows;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.testkit.HostileCorpus;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.testkit.RecordFuzzer;
import io.emojireactions.testkit.TopicIO;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input end to end: the hostile corpus ({@link HostileCorpus}, 100+ kinds of bad
 * reactions) and 50,000 fuzzed mutants of valid records ({@link RecordFuzzer}) mixed into valid
 * traffic, through Kafka into the real Spark pipeline and through the HTTP ingest. Expected
 * outcomes come from core's {@link ReactionParser} (the one rule): every valid record counted
 * exactly, every rejected one on the DLQ once with its reason and original bytes (or answered 4xx),
 * nothing crashes. And a far-future timestamp cannot make real traffic late.
 */
class HostileInputIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Duration SKEW = Duration.ofSeconds(2);
  private static final Map<String, String> KEEP = Map.of("retention.ms", "-1");
  private static final int FUZZ = 50_000;
  private static final long SEED = 4242;

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);

  private static ReactionParser.Config parserConfig() {
    return ReactionParser.Config.builder().maxFutureSkew(SKEW).clock(Clock.systemUTC()).build();
  }

  private static PipelineConfig.Builder pipeline(String prefix, Path checkpoint) {
    KAFKA.cluster().createTopic(prefix + "_reactions", 1, 1, KEEP); // one partition: offset i is record i
    KAFKA.cluster().createTopic(prefix + "_main", 2, 1, KEEP);
    KAFKA.cluster().createTopic(prefix + "_dlq", 1, 1, KEEP);
    return PipelineConfig.builder().bootstrapServers(KAFKA.bootstrapServers()).inputTopic(prefix + "_reactions").outputTopic(prefix + "_main")
        .dlqTopic(prefix + "_dlq").checkpointDir(checkpoint.toString()).parser(parserConfig())
        .trigger(PipelineConfig.TriggerSpec.availableNow());
  }

  @Test
  void corpusAndFuzzMixedIntoValidTrafficThroughKafkaAreCountedExactlyOrDeadLetteredWithTheirReason(@TempDir Path checkpoint)
      throws Exception {
    PipelineConfig config = pipeline("hostile", checkpoint).lateness(Duration.ofMinutes(10)).build();
    List<HostileCorpus.Case> corpus = HostileCorpus.load();
    List<byte[]> fitting = new ArrayList<>();
    List<byte[]> oversized = new ArrayList<>();
    corpus.forEach(c -> (c.bytes().length > 512 * 1024 ? oversized : fitting).add(c.bytes()));
    // Valid traffic, fuzz mutants of other valid records, and the corpus: one seeded shuffle.
    List<byte[]> records = new ArrayList<>();
    ReactionGenerator.builder().seed(SEED).count(20_000).rooms(3).variantFraction(0.3).build().records()
        .forEach(r -> records.add(r.bytes()));
    RecordFuzzer fuzzer = RecordFuzzer.seeded(SEED);
    ReactionGenerator.builder().seed(SEED + 1).count(FUZZ).rooms(3).alternateTimestampFraction(0.3).build().records()
        .forEach(r -> records.add(fuzzer.mutate(r.bytes()).bytes()));
    records.addAll(fitting);
    Collections.shuffle(records, new Random(SEED));

    // 10 MB values cannot even enter Kafka: the broker refuses them (message.max.bytes).
    for (byte[] huge : oversized) {
      assertThat(produceOne(config.inputTopic(), huge)).isInstanceOf(RecordTooLargeException.class);
    }
    // The expectation, record by record, from core's parser.
    ReactionParser parser = ReactionParser.create(parserConfig());
    TumblingWindows windows = TumblingWindows.of(config.window());
    Map<GroundTruth.WindowKey, Long> expectedCounts = new HashMap<>();
    Map<Long, RejectReason> expectedDlq = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      ParseResult result = parser.parse(records.get(i));
      if (result instanceof ParseResult.Valid v) {
        Reaction r = v.reaction();
        expectedCounts.merge(new GroundTruth.WindowKey(r.room(), windows.windowFor(r.eventTimeMs()).startMs(), r.emoji()), 1L, Long::sum);
      } else {
        expectedDlq.put((long) i, ((ParseResult.Rejected) result).reason());
      }
    }
    assertThat(TopicIO.produceBytes(KAFKA.bootstrapServers(), config.inputTopic(), records.iterator())).isEqualTo(records.size());

    RunningPipeline running = PipelineQueries.start(TestSpark.session(), config);
    running.awaitTermination();

    assertThat(maxMerged(config)).isEqualTo(expectedCounts);
    Map<Long, RejectReason> dlq = new HashMap<>();
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(KAFKA.bootstrapServers(), config.dlqTopic(), TIMEOUT)) {
      JsonNode m = JSON.readTree(r.value());
      long offset = m.get("source_offset").asLong();
      RejectReason reason = RejectReason.valueOf(m.get("reason").asText());
      assertThat(m.get("message").asText()).isNotBlank();
      // The DLQ keeps as much of the original as fits its bound, and the whole one's size and hash.
      DeadLetterCodec.Decoded letter = DeadLetterCodec.decode(r.value());
      byte[] whole = records.get((int) offset);
      assertThat(letter.originalSize()).as("size of offset %d", offset).isEqualTo((long) whole.length);
      assertThat(letter.originalSha256()).as("hash of offset %d", offset)
          .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(whole)));
      assertThat(letter.original()).as("original of offset %d", offset)
          .isEqualTo(letter.truncated() ? java.util.Arrays.copyOf(whole, letter.original().length) : whole);
      dlq.put(offset, reason);
    }
    assertThat(dlq).isEqualTo(expectedDlq);
    expectedDlq.values().forEach(reason -> byReason.merge(reason, 1L, Long::sum));
    // Each corpus case is in the DLQ with its own reason.
    for (HostileCorpus.Case c : corpus) {
      if (c.bytes().length <= 512 * 1024) {
        int at = indexOf(records, c.bytes());
        assertThat(dlq.get((long) at)).as(c.toString()).isEqualTo(RejectReason.valueOf(c.reason()));
      }
    }
    long valid = expectedCounts.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("HostileInputIT(kafka): %d records = 20000 valid + %d fuzz (seed %d) + %d corpus cases; %d counted in %d keys, "
        + "%d dead-lettered %s; %d oversized refused by the broker%n", records.size(), FUZZ, SEED, fitting.size(), valid,
        expectedCounts.size(), dlq.size(), byReason, oversized.size());
  }

  @Test
  void aFarFutureTimestampGoesToTheDlqAndDoesNotMakeRealTrafficLate(@TempDir Path checkpoint) throws Exception {
    // Two-second windows and lateness; forged records first, real traffic in later batches. Were
    // the forged ones accepted, the watermark would jump to 2100 and every real record be late.
    PipelineConfig config = pipeline("future", checkpoint).maxOffsetsPerTrigger(OptionalLong.of(1_000)).build();
    Instant now = Instant.now();
    List<String> forged = List.of(
        "{\"user_id\":\"evil\",\"emoji_type\":\"😂\",\"timestamp\":\"2100-01-01T00:00:00Z\"}",
        "{\"user_id\":\"evil\",\"emoji_type\":\"😂\",\"timestamp\":" + now.plus(Duration.ofHours(1)).toEpochMilli() + "}",
        "{\"user_id\":\"evil\",\"emoji_type\":\"😂\",\"timestamp\":\"" + now.plus(Duration.ofMinutes(1)).toString() + "\"}");
    ReactionGenerator real = ReactionGenerator.builder().seed(9).count(5_000).rooms(2).start(now.minus(Duration.ofMinutes(5)))
        .span(Duration.ofSeconds(60)).build();
    List<String> values = new ArrayList<>(forged);
    values.addAll(real.values());
    TopicIO.produce(KAFKA.bootstrapServers(), config.inputTopic(), values);

    RunningPipeline running = PipelineQueries.start(TestSpark.session(), config);
    running.awaitTermination();

    assertThat(maxMerged(config)).isEqualTo(real.groundTruth(config.window()).counts());
    List<String> reasons = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(KAFKA.bootstrapServers(), config.dlqTopic(), TIMEOUT)) {
      reasons.add(JSON.readTree(r.value()).get("reason").asText());
    }
    assertThat(reasons).containsExactly("FUTURE_TIMESTAMP", "FUTURE_TIMESTAMP", "FUTURE_TIMESTAMP");
    long late = Arrays.stream(running.main().recentProgress())
        .mapToLong(p -> p.stateOperators().length == 0 ? 0 : p.stateOperators()[0].numRowsDroppedByWatermark()).sum();
    assertThat(late).isZero();
  }

  @Test
  void corpusThroughTheHttpIngestIsAnswered4xxWithItsReasonAndOnlyValidPostsReachKafka() throws Exception {
    String topic = "hostile_http";
    KAFKA.cluster().createTopic(topic, 1, 1, KEEP);
    IngestServer server = IngestServer.start(IngestConfig.builder().host("127.0.0.1").port(0).topic(topic)
        .parser(parserConfig()).build(), KAFKA.bootstrapServers());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create("http://127.0.0.1:" + server.port() + "/emoji");
    List<String> accepted = new ArrayList<>();
    Map<String, Long> answers = new TreeMap<>();
    try {
      List<String> valid = ReactionGenerator.builder().seed(SEED + 2).count(2_000).build().values();
      List<HostileCorpus.Case> corpus = HostileCorpus.load();
      int v = 0;
      for (HostileCorpus.Case c : corpus) {
        // The server closes the connection after a 413 without reading the body: a connection of its own.
        boolean oversized = c.reason().equals(RejectReason.TOO_LARGE.name());
        boolean beyondDrain = c.bytes().length > 1 << 20;
        HttpResponse<String> resp;
        try {
          resp = post(oversized ? HttpClient.newHttpClient() : http, uri, c.bytes());
        } catch (java.io.IOException e) {
          // Beyond 1 MiB the ingest stops reading, answers 413 and closes; with the rest of the
          // body unread the kernel may reset the connection before the client reads the answer.
          assertThat(beyondDrain).as(c + ": " + e).isTrue();
          answers.merge("refused: connection closed after 1 MiB", 1L, Long::sum);
          continue;
        }
        int expectedStatus = oversized ? 413 : 400;
        assertThat(resp.statusCode()).as(c.toString()).isEqualTo(expectedStatus);
        String error = JSON.readTree(resp.body()).path("reason").asText();
        if (beyondDrain && error.isEmpty()) {
          // The same close, after the status line but before the body.
          answers.merge("413 (body lost with the closed connection)", 1L, Long::sum);
        } else {
          assertThat(error).as(c + ", answer " + resp.body()).isEqualTo(c.reason());
          answers.merge(resp.statusCode() + " " + c.reason(), 1L, Long::sum);
        }
        for (int k = 0; k < 15 && v < valid.size(); k++, v++) { // valid traffic in between
          HttpResponse<String> ok = post(http, uri, valid.get(v).getBytes(StandardCharsets.UTF_8));
          assertThat(ok.statusCode()).as(valid.get(v)).isEqualTo(200);
          accepted.add(valid.get(v));
        }
      }
      assertThat(server.port()).isPositive(); // still serving after all of it
    } finally {
      server.close();
    }
    List<String> inKafka = TopicIO.readValues(KAFKA.bootstrapServers(), topic, TIMEOUT);
    assertThat(inKafka).containsExactlyInAnyOrderElementsOf(accepted);
    System.out.printf("HostileInputIT(http): %d corpus cases answered %s; %d valid posts all 200 and in Kafka exactly once%n",
        answers.values().stream().mapToLong(Long::longValue).sum(), answers, accepted.size());
  }

  private static HttpResponse<String> post(HttpClient http, URI uri, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static Throwable produceOne(String topic, byte[] value) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // Let it reach the broker, so the broker's own limit is what refuses it.
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      producer.send(new ProducerRecord<>(topic, value)).get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
  }

  private static int indexOf(List<byte[]> records, byte[] value) {
    for (int i = 0; i < records.size(); i++) {
      if (Arrays.equals(records.get(i), value)) {
        return i;
      }
    }
    throw new AssertionError("not produced: " + new String(value, StandardCharsets.UTF_8));
  }

  private static Map<GroundTruth.WindowKey, Long> maxMerged(PipelineConfig c) {
    Map<WindowedCount.Key, WindowedCount> merged = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(c.bootstrapServers(), c.outputTopic(), TIMEOUT)) {
      WindowedCount count = WindowedCountJson.fromJson(r.value());
      merged.merge(count.key(), count, WindowedCount::mergeMax);
    }
    Map<GroundTruth.WindowKey, Long> out = new HashMap<>();
    merged.forEach((k, v) -> out.put(new GroundTruth.WindowKey(k.room(), k.windowStartMs(), k.emoji()), v.reactionCount()));
    return out;
  }
}
