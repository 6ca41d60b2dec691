package io.emojireactions.apps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.alerts.AlertsService;
import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.apps.dashboard.DashboardServer;
import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.apps.pipeline.RunningPipeline;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.apps.warehouse.EmbeddedDatabase;
import io.emojireactions.apps.warehouse.Warehouse;
import io.emojireactions.core.ParseResult;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.TumblingWindows;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.pubsub.DeadLetters;
import io.emojireactions.pubsub.FanOutRelay;
import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.RelayConfig;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopologyAdmin;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.HostileRecords;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.testkit.TestSpark;
import io.emojireactions.testkit.TopicIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every consumer survives every record: with the pipeline, {@code emoji debug}'s query, the relay,
 * {@code emoji subscribe} (its own process), the warehouse (PostgreSQL), the alerts and the
 * dashboard all running, one record of each {@link HostileRecords.Kind} (0 bytes to exactly the
 * topic's {@code max.message.bytes}, tombstones, null keys, random bytes, invalid UTF-8, deep JSON,
 * huge numbers and strings, each compression, odd headers, an aborted transaction) is written to
 * each component's input topic between two halves of valid traffic; and one valid aggregate the
 * database cannot store (a room holding U+0000) to the warehouse's. Then: every component is
 * alive; the pipeline's output, the cluster topics, the warehouse rows and the dashboard's
 * {@code /api/state} equal the ground truth exactly (the good kinds counted once, the aborted one
 * never); each bad record is in its component's DLQ with its reason (or counted with its reason,
 * where the component has no DLQ). Prints the outcome of each kind for each component.
 */
class EveryRecordKindIT {

  @RegisterExtension
  static final KafkaExtension KAFKA = FaultKafka.SHARED;

  /** The input topics' max.message.bytes: small enough to keep the run short, large next to every default limit. */
  private static final int LIMIT = 256 * 1024;
  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final Duration LONG = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REACTIONS = "ek_reactions";
  private static final String PIPELINE_DLQ = "ek_reactions_dlq";
  private static final String MAIN = "ek_main";
  private static final String C1 = "ek_c1"; // warehouse and subscribe
  private static final String C2 = "ek_c2"; // alerts
  private static final String C3 = "ek_c3"; // dashboard
  private static final List<String> INPUTS = List.of(REACTIONS, MAIN, C1, C2, C3);

  @Test
  void everyComponentProcessesOrDeadLettersEveryKindOfRecordAndKeepsGoingWithExactResults(@TempDir Path dir) throws Exception {
    long started = System.nanoTime();
    KafkaCluster kafka = KAFKA.cluster();
    String bootstrap = kafka.bootstrapServers();
    Map<String, String> limited = Map.of("retention.ms", "-1", "max.message.bytes", Integer.toString(LIMIT));
    for (String topic : List.of(REACTIONS, MAIN, C1, C2, C3)) {
      FaultKafka.ensureTopic(kafka, topic, 2, 1, limited);
    }
    FaultKafka.ensureTopic(kafka, PIPELINE_DLQ, 1, 1, FaultKafka.KEEP_FOREVER);
    Path topologyFile = dir.resolve("topology.properties");
    Files.writeString(topologyFile, "main.topic=" + MAIN + "\nclusters=c1,c2,c3\ncluster.c1.topic=" + C1 + "\ncluster.c2.topic=" + C2
        + "\ncluster.c3.topic=" + C3 + "\nrouting=broadcast\ncluster.c1.subtopic.count=1\ncluster.c2.subtopic.count=1\n"
        + "cluster.c3.subtopic.count=1\n");
    FanOutTopology topology = FanOutTopology.load(topologyFile);
    TopologyAdmin.ensureTopics(topology, KafkaConnection.of(bootstrap),
        TopicSettings.builder().partitions(2).replicationFactor(1).retention(Duration.ofMillis(-1)).build());

    // Valid traffic: event times a minute back, so the dashboard (2 minutes of windows) shows all of it.
    Instant start = Instant.now().minus(Duration.ofSeconds(60)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ReactionGenerator generator = ReactionGenerator.builder().seed(7).count(4_000).rooms(3).start(start)
        .span(Duration.ofSeconds(30)).build();
    List<String> values = generator.values();
    ReactionParser.Config parserConfig = ReactionParser.Config.builder().clock(Clock.systemUTC()).build();
    PipelineConfig pipelineConfig = PipelineConfig.builder().bootstrapServers(bootstrap).inputTopic(REACTIONS).outputTopic(MAIN)
        .dlqTopic(PIPELINE_DLQ).checkpointDir(dir.resolve("checkpoint").toString()).parser(parserConfig)
        .lateness(Duration.ofMinutes(10)).trigger(PipelineConfig.TriggerSpec.every(Duration.ofMillis(500))).build();

    // The good kinds' values, one distinct key each, so each is seen to be counted (or, aborted, not).
    Map<String, Function<HostileRecords.Kind, byte[]>> valid = new LinkedHashMap<>();
    valid.put(REACTIONS, kind -> reaction(kind, start.plusSeconds(1)));
    for (String topic : List.of(MAIN, C1, C2, C3)) {
      valid.put(topic, kind -> WindowedCountJson.toJson(injected(topic, kind, start)));
    }

    ByteArrayOutputStream debugOut = new ByteArrayOutputStream();
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg"), 0);
        Connection warehouseDb = DriverManager.getConnection(db.jdbcUrl());
        Running running = new Running()) {
      // Start every component.
      RunningPipeline pipeline = PipelineQueries.start(TestSpark.session(), pipelineConfig);
      running.onClose(() -> pipeline.main().stop());
      PrintStream debugPrint = new PrintStream(debugOut, true, StandardCharsets.UTF_8);
      StreamingQuery debug = PipelineQueries.startDebug(PipelineQueries.kafkaSource(TestSpark.session(), pipelineConfig), pipelineConfig,
          Optional.empty(), debugPrint);
      running.onClose(debug::stop);
      FanOutRelay relay = FanOutRelay.create(RelayConfig.builder().topology(topology).kafka(KafkaConnection.of(bootstrap))
          .groupId("ek-relay").transactionalId("ek-relay-0").build());
      Thread relayThread = running.thread("relay", relay::run, relay::close);
      Warehouse warehouse = Warehouse.open(Warehouse.Config.builder().bootstrapServers(bootstrap).topic(C1).groupId("ek-warehouse")
          .build(), warehouseDb);
      Thread warehouseThread = running.thread("warehouse", warehouse::run, warehouse::close);
      AlertsService alerts = AlertsService.open(AlertsService.Config.builder().bootstrapServers(bootstrap).topic(C2)
          .alertTopic("ek_alerts").groupId("ek-alerts").build());
      Thread alertsThread = running.thread("alerts", alerts::run, alerts::close);
      DashboardServer dashboard = DashboardServer.start(DashboardServer.Config.builder().host("127.0.0.1").port(0)
          .bootstrapServers(bootstrap).topic(C3).build());
      running.onClose(dashboard::close);
      Path subscribeLog = dir.resolve("subscribe.log");
      ChildJvm subscribe = ChildJvm.emoji("subscribe", subscribeLog, "256m",
          List.of("subscribe", "--bootstrap-servers", bootstrap, "--topic", C1, "--group", "ek-subscribe"));
      running.onClose(subscribe::close);

      // Valid traffic before; every kind of record on every input topic; valid traffic after.
      TopicIO.produce(bootstrap, REACTIONS, values.subList(0, values.size() / 2));
      Await.until("valid traffic through to the warehouse", LONG, () -> warehouse.messages() > 0 || !warehouseThread.isAlive());
      Map<String, List<HostileRecords.Written>> written = new LinkedHashMap<>();
      for (String topic : INPUTS) {
        written.put(topic, HostileRecords.writeAll(bootstrap, topic, LIMIT, valid.get(topic)));
      }
      WindowedCount unstorable = new WindowedCount("nul\u0000room", new TimeWindow(start.toEpochMilli(), start.toEpochMilli() + 2000),
          "🎉", 5, 1, false);
      long unstorableOffset = produce(bootstrap, C1, WindowedCountJson.toJson(unstorable));
      TopicIO.produce(bootstrap, REACTIONS, values.subList(values.size() / 2, values.size()));

      // The expected results: the generator's truth, plus each good kind counted once (never the aborted one).
      Map<GroundTruth.WindowKey, Long> pipelineTruth = new HashMap<>(generator.groundTruth(WINDOW).counts());
      TumblingWindows windows = TumblingWindows.of(WINDOW);
      for (HostileRecords.Written w : processed(written.get(REACTIONS))) {
        pipelineTruth.merge(new GroundTruth.WindowKey(room(REACTIONS, w.kind()), windows.windowFor(start.plusSeconds(1).toEpochMilli())
            .startMs(), "👍"), 1L, Long::sum);
      }
      Map<GroundTruth.WindowKey, Long> mainTruth = with(pipelineTruth, MAIN, written, start);
      Map<GroundTruth.WindowKey, Long> c1Truth = with(mainTruth, C1, written, start);
      Map<GroundTruth.WindowKey, Long> c3Truth = with(mainTruth, C3, written, start);

      Await.until("the pipeline's output (and what was written beside it) equals the ground truth", LONG,
          Exact.every(Duration.ofSeconds(2), () -> validMaxMerged(bootstrap, MAIN).equals(mainTruth)), () -> "pipeline active: "
              + pipeline.main().isActive());
      Await.until("the cluster topics equal the ground truth", LONG, Exact.every(Duration.ofSeconds(2),
          () -> validMaxMerged(bootstrap, C3).equals(c3Truth) && validMaxMerged(bootstrap, C1).size() == c1Truth.size() + 1));
      Await.until("the warehouse rows equal the ground truth", LONG,
          Exact.every(Duration.ofSeconds(2), () -> rows(db.jdbcUrl()).equals(c1Truth)));
      Await.until("the dashboard shows the ground truth", LONG,
          Exact.every(Duration.ofSeconds(2), () -> dashboardState(dashboard).equals(c3Truth)));
      Map<String, String> relayExpected = pubsubReasons(written.get(MAIN));
      Map<String, String> alertsExpected = pubsubReasons(written.get(C2));
      Await.until("the relay's and the alerts' dead letters", LONG, Exact.every(Duration.ofSeconds(2),
          () -> headerReasons(bootstrap, topology.dlqTopic()).equals(relayExpected)
              && headerReasons(bootstrap, "ek_alerts_dlq").equals(alertsExpected)));
      Map<String, String> pipelineExpected = pipelineReasons(written.get(REACTIONS), parserConfig);
      Await.until("the pipeline's dead letters", LONG,
          Exact.every(Duration.ofSeconds(2), () -> pipelineDeadLetters(bootstrap).equals(pipelineExpected)));
      Map<String, String> c1Expected = pubsubReasons(written.get(C1));
      Await.until("subscribe printed every message of its topic or skipped it with its reason", LONG,
          Exact.every(Duration.ofSeconds(2), () -> skippedBySubscribe(subscribeLog).equals(c1Expected)
              && printedBySubscribe(subscribeLog).size() >= c1Truth.size() + 1));
      Await.until("the debug query counted every rejected record", LONG,
          () -> debugRejected(debug) == pipelineExpected.size() || !debug.isActive());

      // Every component is alive.
      assertThat(pipeline.main().isActive()).as("pipeline").isTrue();
      assertThat(pipeline.main().exception().isEmpty()).isTrue();
      assertThat(debug.isActive()).as("debug query").isTrue();
      assertThat(relayThread.isAlive()).as("relay").isTrue();
      assertThat(warehouseThread.isAlive()).as("warehouse").isTrue();
      assertThat(alertsThread.isAlive()).as("alerts").isTrue();
      assertThat(subscribe.isAlive()).as("subscribe; log:\n%s", subscribe.tail(20)).isTrue();
      assertThat(health(dashboard).get("status").asText()).isEqualTo("UP");
      running.assertNoFailure();

      // Exact results.
      Exact.assertSameCounts("pipeline output", validMaxMerged(bootstrap, MAIN), mainTruth);
      Exact.assertSameCounts("cluster topic c3", validMaxMerged(bootstrap, C3), c3Truth);
      Exact.assertSameCounts("warehouse rows", rows(db.jdbcUrl()), c1Truth);
      Exact.assertSameCounts("dashboard", dashboardState(dashboard), c3Truth);
      Map<GroundTruth.WindowKey, Long> c1WithUnstorable = new HashMap<>(c1Truth);
      c1WithUnstorable.put(new GroundTruth.WindowKey(unstorable.room(), unstorable.window().startMs(), unstorable.emoji()), 5L);
      Exact.assertSameCounts("cluster topic c1", validMaxMerged(bootstrap, C1), c1WithUnstorable);
      Exact.assertSameCounts("subscribe's printed view", Exact.maxMerged(printedBySubscribe(subscribeLog)), c1WithUnstorable);

      // Each bad record where its component puts it, with its reason.
      Map<String, String> pipelineDlq = pipelineDeadLetters(bootstrap);
      assertThat(pipelineDlq).isEqualTo(pipelineExpected);
      assertThat(headerReasons(bootstrap, topology.dlqTopic())).isEqualTo(relayExpected);
      assertThat(headerReasons(bootstrap, "ek_alerts_dlq")).isEqualTo(alertsExpected);
      assertThat(alerts.rejected()).isEqualTo(alertsExpected.size());
      Map<String, String> warehouseExpected = new TreeMap<>();
      c1Expected.keySet().forEach(k -> warehouseExpected.put(k, Warehouse.INVALID_OUTPUT_MESSAGE));
      assertThat(rejectedRows(db.jdbcUrl())).isEqualTo(warehouseExpected);
      assertThat(headerReasons(bootstrap, C1 + "_dlq")).isEqualTo(Map.of(partitionOffset(C1, unstorableOffset), DeadLetters.HANDLER_FAILED));
      assertThat(warehouse.deadLettered()).isEqualTo(1);
      assertThat(skippedBySubscribe(subscribeLog)).isEqualTo(c1Expected);
      long dashboardBad = pubsubReasons(written.get(C3)).size();
      assertThat(dashboard.badMessages()).isEqualTo(dashboardBad);
      assertThat(health(dashboard).get("bad_messages").asLong()).isEqualTo(dashboardBad);
      assertThat(debugRejected(debug)).isEqualTo(pipelineExpected.size());
      assertThat(debugOut.toString(StandardCharsets.UTF_8)).contains("-- batch ");

      printOutcomes(written, parserConfig, pipelineDlq, unstorableOffset);
      System.out.printf("EveryRecordKindIT: %d kinds x %d input topics + 1 unstorable aggregate, %d valid reactions; all 7 "
          + "components alive; results exact; %.1f s%n", HostileRecords.Kind.values().length, INPUTS.size(), values.size(),
          (System.nanoTime() - started) / 1e9);
    }
  }

  /** The assertion on one pipeline dead letter's envelope: reason, message, source, and within the default bound. */
  private static void assertPipelineDeadLetterEnvelope(ConsumerRecord<byte[], byte[]> record, JsonNode letter) {
    assertThat(letter.path("reason").asText()).as("reason of %s", record).isNotBlank();
    assertThat(letter.path("message").asText()).as("message of %s", record).isNotBlank();
    assertThat(letter.path("source_topic").asText()).isEqualTo(REACTIONS);
    long size = record.serializedKeySize() + record.serializedValueSize();
    for (org.apache.kafka.common.header.Header h : record.headers()) {
      size += h.key().getBytes(StandardCharsets.UTF_8).length + (h.value() == null ? 0 : h.value().length);
    }
    assertThat(size).as("dead letter size of %s", record).isLessThanOrEqualTo(io.emojireactions.core.DeadLetterCodec.DEFAULT_MAX_BYTES);
  }

  /** The pipeline's DLQ as "partition@offset" → reason, each envelope checked. */
  private static Map<String, String> pipelineDeadLetters(String bootstrap) {
    Map<String, String> out = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(bootstrap, PIPELINE_DLQ, Exact.READ_TIMEOUT)) {
      JsonNode letter;
      try {
        letter = JSON.readTree(r.value());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertPipelineDeadLetterEnvelope(r, letter);
      out.put(letter.path("source_partition").asInt() + "@" + letter.path("source_offset").asLong(), letter.path("reason").asText());
    }
    return out;
  }

  /** What the pipeline must dead-letter: each record core's parser rejects, with the parser's reason. */
  private static Map<String, String> pipelineReasons(List<HostileRecords.Written> written, ReactionParser.Config config) {
    ReactionParser parser = ReactionParser.create(config);
    Map<String, String> out = new TreeMap<>();
    for (HostileRecords.Written w : written) {
      if (w.kind() == HostileRecords.Kind.ABORTED) {
        continue;
      }
      ParseResult result = parser.parse(w.value());
      if (result instanceof ParseResult.Rejected rejected) {
        out.put(w.partition() + "@" + w.offset(), rejected.reason().name());
      }
    }
    return out;
  }

  /** What a pubsub component must dead-letter: an empty value EMPTY_MESSAGE, any other non-output message INVALID_MESSAGE. */
  private static Map<String, String> pubsubReasons(List<HostileRecords.Written> written) {
    Map<String, String> out = new TreeMap<>();
    for (HostileRecords.Written w : written) {
      if (!w.kind().carriesValidValue()) {
        out.put(w.partition() + "@" + w.offset(),
            w.value() == null || w.value().length == 0 ? DeadLetters.EMPTY_MESSAGE : DeadLetters.INVALID_MESSAGE);
      }
    }
    return out;
  }

  /** A pubsub DLQ as "partition@offset" → reason (each source record once: a subscriber's DLQ is at-least-once). */
  private static Map<String, String> headerReasons(String bootstrap, String topic) {
    Map<String, String> out = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(bootstrap, topic, Exact.READ_TIMEOUT)) {
      out.put(header(r, DeadLetters.SOURCE_PARTITION) + "@" + header(r, DeadLetters.SOURCE_OFFSET), header(r, DeadLetters.REASON));
      assertThat(header(r, DeadLetters.MESSAGE)).as("message of a dead letter on %s", topic).isNotBlank();
    }
    return out;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static List<HostileRecords.Written> processed(List<HostileRecords.Written> written) {
    return written.stream().filter(w -> w.kind().carriesValidValue() && w.kind() != HostileRecords.Kind.ABORTED).toList();
  }

  private static String room(String topic, HostileRecords.Kind kind) {
    return topic + "-" + kind.name().toLowerCase();
  }

  private static byte[] reaction(HostileRecords.Kind kind, Instant at) {
    return ("{\"user_id\":\"u-" + kind.name().toLowerCase() + "\",\"emoji_type\":\"👍\",\"timestamp\":\"" + at + "\",\"room\":\""
        + room(REACTIONS, kind) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static WindowedCount injected(String topic, HostileRecords.Kind kind, Instant start) {
    long s = start.toEpochMilli() - Math.floorMod(start.toEpochMilli(), WINDOW.toMillis());
    return new WindowedCount(room(topic, kind), new TimeWindow(s, s + WINDOW.toMillis()), "🎉", 7, 1, false);
  }

  /** {@code base} plus the good kinds written to {@code topic}, each counted 7. */
  private static Map<GroundTruth.WindowKey, Long> with(Map<GroundTruth.WindowKey, Long> base, String topic,
      Map<String, List<HostileRecords.Written>> written, Instant start) {
    Map<GroundTruth.WindowKey, Long> out = new HashMap<>(base);
    for (HostileRecords.Written w : processed(written.get(topic))) {
      WindowedCount c = injected(topic, w.kind(), start);
      out.put(new GroundTruth.WindowKey(c.room(), c.window().startMs(), c.emoji()), c.reactionCount());
    }
    return out;
  }

  /** The output messages of {@code topic}, max-merged; anything else on it (the hostile records) left out. */
  private static Map<GroundTruth.WindowKey, Long> validMaxMerged(String bootstrap, String topic) {
    List<byte[]> valid = new ArrayList<>();
    for (byte[] v : Exact.values(bootstrap, topic)) {
      try {
        WindowedCountJson.fromJson(v);
        valid.add(v);
      } catch (IllegalArgumentException e) {
        // a hostile record written there
      }
    }
    return Exact.maxMerged(valid);
  }

  private static long produce(String bootstrap, String topic, byte[] value) throws Exception {
    java.util.Properties p = new java.util.Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      var m = producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
      return m.offset();
    }
  }

  private static String partitionOffset(String topic, long offset) {
    return "0@" + offset;
  }

  private static Map<GroundTruth.WindowKey, Long> rows(String jdbcUrl) {
    Map<GroundTruth.WindowKey, Long> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT room, window_start, emoji, reaction_count FROM emoji_window_counts")) {
      while (r.next()) {
        out.put(new GroundTruth.WindowKey(r.getString(1), r.getTimestamp(2).getTime(), r.getString(3)), r.getLong(4));
      }
    } catch (java.sql.SQLException e) {
      return Map.of();
    }
    return out;
  }

  private static Map<String, String> rejectedRows(String jdbcUrl) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT topic, kafka_partition, kafka_offset, reason FROM warehouse_rejected_messages")) {
      while (r.next()) {
        assertThat(r.getString(1)).isEqualTo(C1);
        out.put(r.getInt(2) + "@" + r.getLong(3), r.getString(4));
      }
    }
    return out;
  }

  private static Map<GroundTruth.WindowKey, Long> dashboardState(DashboardServer dashboard) {
    Map<GroundTruth.WindowKey, Long> out = new HashMap<>();
    for (JsonNode n : get(dashboard, "api/state")) {
      WindowedCount c = WindowedCountJson.fromJson(n.toString());
      out.put(new GroundTruth.WindowKey(c.room(), c.window().startMs(), c.emoji()), c.reactionCount());
    }
    return out;
  }

  private static JsonNode health(DashboardServer dashboard) {
    return get(dashboard, "health");
  }

  private static JsonNode get(DashboardServer dashboard, String path) {
    try {
      HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dashboard.url() + path))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(resp.statusCode()).isEqualTo(200);
      return JSON.readTree(resp.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The lines {@code emoji subscribe} printed that are output messages. */
  private static List<byte[]> printedBySubscribe(Path log) {
    List<byte[]> out = new ArrayList<>();
    for (String line : lines(log)) {
      if (line.startsWith("{")) {
        out.add(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** {@code emoji subscribe}'s "skipped TOPIC-P@O: REASON: …" lines as "P@O" → reason. */
  private static Map<String, String> skippedBySubscribe(Path log) {
    Map<String, String> out = new TreeMap<>();
    String prefix = "skipped " + C1 + "-";
    for (String line : lines(log)) {
      if (line.startsWith(prefix)) {
        String[] parts = line.substring(prefix.length()).split(": ", 3);
        out.put(parts[0], parts[1]);
      }
    }
    return out;
  }

  private static List<String> lines(Path log) {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Records the debug query rejected (its observed parse metrics), over its recent batches. */
  private static long debugRejected(StreamingQuery debug) {
    long rejected = 0;
    for (StreamingQueryProgress p : debug.recentProgress()) {
      Row m = p.observedMetrics() == null ? null : p.observedMetrics().get(PipelineQueries.PARSE_METRICS);
      if (m != null) {
        rejected += m.<Long>getAs("rejected");
      }
    }
    return rejected;
  }

  /** Prints the record kind × component table of what happened (docs/reliability.md holds it). */
  private static void printOutcomes(Map<String, List<HostileRecords.Written>> written, ReactionParser.Config parserConfig,
      Map<String, String> pipelineDlq, long unstorableOffset) {
    StringBuilder sb = new StringBuilder("EveryRecordKindIT outcomes: kind | pipeline | debug | relay | subscribe | warehouse | alerts | dashboard\n");
    for (HostileRecords.Kind kind : HostileRecords.Kind.values()) {
      HostileRecords.Written r = written.get(REACTIONS).get(kind.ordinal());
      String pipeline = kind == HostileRecords.Kind.ABORTED ? "not read"
          : kind.carriesValidValue() ? "counted" : "DLQ " + pipelineDlq.get(r.partition() + "@" + r.offset());
      String debug = kind == HostileRecords.Kind.ABORTED ? "not read" : kind.carriesValidValue() ? "counted" : "rejected (counted)";
      String pubsub = pubsubReasons(List.of(written.get(MAIN).get(kind.ordinal()))).values().stream().findFirst().orElse(null);
      String relay = kind == HostileRecords.Kind.ABORTED ? "not read" : pubsub == null ? "relayed" : "DLQ " + pubsub;
      String subscribe = kind == HostileRecords.Kind.ABORTED ? "not read" : pubsub == null ? "printed" : "skipped " + pubsub;
      String warehouse = kind == HostileRecords.Kind.ABORTED ? "not read" : pubsub == null ? "stored" : "rejected row " + Warehouse.INVALID_OUTPUT_MESSAGE;
      String alerts = kind == HostileRecords.Kind.ABORTED ? "not read" : pubsub == null ? "detected" : "DLQ " + pubsub;
      String dashboard = kind == HostileRecords.Kind.ABORTED ? "not read" : pubsub == null ? "shown" : "skipped " + pubsub + " (bad_messages)";
      sb.append(String.join(" | ", kind.name(), pipeline, debug, relay, subscribe, warehouse, alerts, dashboard)).append('\n');
    }
    sb.append("unstorable aggregate (room with U+0000) on the warehouse's topic @").append(unstorableOffset)
        .append(": subscribe printed; warehouse DLQ HANDLER_FAILED\n");
    System.out.print(sb);
  }

  /** The components' threads and stop actions; closes them in reverse order, each bounded. */
  private static final class Running implements AutoCloseable {
    private final List<AutoCloseable> stops = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    interface Body {
      void run() throws Exception;
    }

    Thread thread(String name, Body body, Runnable stop) {
      Thread t = new Thread(() -> {
        try {
          body.run();
        } catch (Throwable e) {
          failure.compareAndSet(null, new AssertionError(name + " failed", e));
        }
      }, "ek-" + name);
      t.setDaemon(true);
      t.start();
      stops.add(() -> {
        stop.run();
        t.join(30_000);
      });
      return t;
    }

    void onClose(AutoCloseable stop) {
      stops.add(stop);
    }

    void assertNoFailure() {
      assertThat(failure.get()).isNull();
    }

    @Override
    public void close() {
      for (int i = stops.size() - 1; i >= 0; i--) {
        try {
          stops.get(i).close();
        } catch (Exception e) {
          System.out.println("EveryRecordKindIT: stopping a component failed: " + e);
        }
      }
    }
  }
}
