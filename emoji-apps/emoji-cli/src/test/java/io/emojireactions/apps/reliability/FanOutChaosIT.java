package io.emojireactions.apps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.warehouse.WarehouseCommand;
import io.emojireactions.apps.warehouse.EmbeddedDatabase;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.HaltingRelay;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopologyAdmin;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.apps.simulate.ReactionGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downstream of a running pipeline (its own process, steady input): the relay halts twice inside
 * a transaction (exit 137) and is restarted ({@code emoji fanout} the last time, stopped with
 * SIGTERM); {@code emoji subscribe} is killed -9 twice and {@code emoji warehouse} (PostgreSQL)
 * once, at seeded random points, and restarted on their consumer groups. At the end: the cluster
 * topic holds each main-topic message exactly once (read_committed), the subscriber printed every
 * message (no gap), and the subscriber's merged view and the warehouse rows equal the ground truth.
 * The warehouse's crash between its database commit and its offset commit is WarehouseIT's.
 */
class FanOutChaosIT {

  static final int RECORDS = Integer.getInteger("emoji.faults.chaos.records", 15_000);
  static final Duration INPUT = Duration.ofSeconds(Long.getLong("emoji.faults.chaos.input.seconds", 40));
  static final Duration LONG = ChildJvm.PATIENCE;

  @RegisterExtension
  static final KafkaExtension KAFKA = FaultKafka.SHARED;

  @Test
  void relayHaltedMidTransactionAndSubscribersKilledWhileThePipelineRunsEndExactlyOnceAndExact(@TempDir Path dir) throws Exception {
    long seed = Long.getLong("emoji.faults.seed", System.nanoTime());
    System.out.printf("FanOutChaosIT: seed %d (repeat with -Demoji.faults.seed=%d)%n", seed, seed);
    Random random = new Random(seed);
    KafkaCluster kafka = KAFKA.cluster();
    String bootstrap = kafka.bootstrapServers();
    FaultKafka.ensureTopic(kafka, "chaos_reactions", 2, 1, FaultKafka.KEEP_FOREVER);
    FaultKafka.ensureTopic(kafka, "chaos_dlq", 1, 1, FaultKafka.KEEP_FOREVER);
    Path topologyFile = dir.resolve("topology.properties");
    Files.writeString(topologyFile, "main.topic=chaos_main\nclusters=c1\ncluster.c1.topic=chaos_c1\n");
    FanOutTopology topology = FanOutTopology.load(topologyFile);
    TopologyAdmin.ensureTopics(topology, KafkaConnection.of(bootstrap), TopicSettings.builder().partitions(2).replicationFactor(1).retention(Duration.ofMillis(-1)).build());
    String main = topology.mainTopic();
    String cluster = topology.clusters().get(0).topic();

    ReactionGenerator generator = ReactionGenerator.builder().seed(seed).count(RECORDS).rooms(3)
        .start(Instant.parse("2025-10-29T22:31:00Z")).span(INPUT.multipliedBy(3)).maxDisorder(Duration.ofSeconds(1)).build();
    GroundTruth truth = generator.groundTruth(Duration.ofSeconds(2));
    Path logs = Files.createDirectories(dir.resolve("logs"));
    List<String> pipelineArgs = List.of("pipeline", "--bootstrap-servers", bootstrap, "--input-topic", "chaos_reactions",
        "--output-topic", main, "--dlq-topic", "chaos_dlq", "--checkpoint", dir.resolve("checkpoint").toString(),
        "--master", "local[2]", "--shuffle-partitions", "2", "--lateness", "10m", "--trigger", "500ms",
        "--max-offsets-per-trigger", "4000");
    List<String> subscribeArgs = List.of("subscribe", "--bootstrap-servers", bootstrap, "--topic", cluster, "--group", "chaos-sub",
        "--instance-id", "chaos-sub-1"); // static membership: a restart takes the partitions back at once
    Path subscriberLog = logs.resolve("subscriber.log");

    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg"), 0);
        SteadyProducer producer = new SteadyProducer(bootstrap, "chaos_reactions", generator.values(), INPUT);
        ChildJvm pipeline = ChildJvm.emoji("pipeline", logs.resolve("pipeline.log"), "1g", pipelineArgs)) {
      List<String> warehouseArgs = List.of("warehouse", "--bootstrap-servers", bootstrap, "--topic", cluster, "--group", "chaos-wh",
          "--jdbc-url", db.jdbcUrl(), "--batch", "300");
      Path warehouseLog = logs.resolve("warehouse.log");
      ChildJvm subscriber = ChildJvm.emoji("subscriber 1", subscriberLog, "256m", subscribeArgs);
      ChildJvm warehouse = ChildJvm.emoji("warehouse 1", warehouseLog, "256m", warehouseArgs);
      long aborted = 0;
      try {
        pipeline.awaitLines("batch=", 1, LONG); // fails at once if the pipeline exited
        for (int halt = 1; halt <= 2; halt++) {
          int batch = 2 + random.nextInt(4);
          ChildJvm relay = ChildJvm.java("halting relay " + halt, logs.resolve("relay-" + halt + ".log"), "256m",
              HaltingRelay.class.getName(), List.of(bootstrap, topologyFile.toString(), "500", Integer.toString(batch)));
          assertThat(relay.awaitExit(LONG)).as("relay %d halted; log:\n%s", halt, relay.tail(20)).isEqualTo(137);
          assertThat(relay.countLines(HaltingRelay.HALTING + batch)).isEqualTo(1);
          aborted++;
          System.out.printf("FanOutChaosIT: relay halted inside the transaction of batch %d%n", batch);
          // Each halt is followed by a kill -9 of the subscriber at a random point (1-20 more lines
          // printed); the first also by one of the warehouse (after a random number of rows). The
          // warehouse has no static membership: its restart waits out the dead member's session (45 s).
          // No relay runs between a halt and the next one, so the subscriber can print only what the
          // cluster topic already holds (committed): the kill point may not lie beyond that.
          long committed = Exact.values(bootstrap, cluster).size();
          long printedLines = Math.min(subscriber.countLines("{") + 1 + random.nextInt(20), committed);
          ChildJvm dying = subscriber;
          subscriber = killAndRestart(subscriber, "subscriber " + (halt + 1), () -> dying.countLines("{") >= printedLines,
              () -> ChildJvm.emoji("subscriber", subscriberLog, "256m", subscribeArgs));
          if (halt == 1) {
            int rowsBefore = 1 + random.nextInt(200);
            warehouse = killAndRestart(warehouse, "warehouse 2", () -> rows(db.jdbcUrl()).size() >= rowsBefore,
                () -> ChildJvm.emoji("warehouse", warehouseLog, "256m", warehouseArgs));
          }
        }
        try (ChildJvm relay = ChildJvm.emoji("relay (emoji fanout)", logs.resolve("relay-3.log"), "256m",
            List.of("fanout", "--bootstrap-servers", bootstrap, "--topology", topologyFile.toString(), "--max-batch", "500"))) {
          producer.awaitDone(INPUT.multipliedBy(4));
          Await.until("the pipeline's output equals the ground truth", LONG,
              Exact.every(Duration.ofSeconds(3), () -> Exact.maxMerged(bootstrap, main).equals(truth.counts())), () -> pipeline.tail(5));
          Await.until("the cluster topic equals the ground truth", LONG,
              Exact.every(Duration.ofSeconds(3), () -> Exact.maxMerged(bootstrap, cluster).equals(truth.counts())), () -> relay.tail(5));
          List<String> clusterValues = strings(Exact.values(bootstrap, cluster));
          Await.until("the subscriber printed every message", LONG,
              Exact.every(Duration.ofSeconds(3), () -> printed(subscriberLog).containsAll(new HashSet<>(clusterValues))));
          Await.until("the warehouse rows equal the ground truth", LONG, Exact.every(Duration.ofSeconds(3), () -> rows(db.jdbcUrl()).equals(truth.counts())));
          assertThat(relay.sigterm(Duration.ofSeconds(60))).as("emoji fanout ends on SIGTERM (128 + 15)").isEqualTo(143);
          assertThat(relay.countLines("stopped cleanly")).isEqualTo(1);

          // Exactly once through the relay: the cluster topic is the main topic, message for message.
          assertThat(counted(clusterValues)).isEqualTo(counted(strings(Exact.values(bootstrap, main))));
          long uncommitted = readUncommitted(bootstrap, cluster);
          assertThat(uncommitted).as("the halted transactions really wrote records (then aborted)").isGreaterThan(clusterValues.size());
          Exact.assertSameCounts("subscriber's merged view", Exact.maxMerged(printedBytes(subscriberLog)), truth.counts());
          Exact.assertSameCounts("warehouse rows", rows(db.jdbcUrl()), truth.counts());
          System.out.printf("FanOutChaosIT: seed %d, %d records, %d keys; relay halted %d times mid-transaction (%d aborted records "
              + "invisible to read_committed), subscriber killed -9 twice, warehouse once: %d cluster messages exactly once, "
              + "subscriber printed %d lines (repeats after kills allowed), lost 0, over-counted 0%n",
              seed, RECORDS, truth.counts().size(), aborted, uncommitted - clusterValues.size(), clusterValues.size(),
              printedBytes(subscriberLog).size());
        }
      } finally {
        subscriber.close();
        warehouse.close();
      }
    }
  }

  interface Starter {
    ChildJvm start();
  }

  /** Waits for the kill point, kills -9, starts the next incarnation. */
  private static ChildJvm killAndRestart(ChildJvm child, String next, java.util.function.BooleanSupplier killPoint, Starter starter)
      throws Exception {
    Await.until(next + ": the kill point", LONG, () -> killPoint.getAsBoolean() || !child.isAlive());
    assertThat(child.isAlive()).as("still running at its kill point; log:\n%s", child.tail(20)).isTrue();
    child.kill9();
    System.out.printf("FanOutChaosIT: killed -9 before %s%n", next);
    return starter.start();
  }

  private static List<String> strings(List<byte[]> values) {
    return values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
  }

  private static Map<String, Long> counted(List<String> values) {
    return values.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  /** The JSON lines the subscriber printed, over all its runs; a line cut by a kill is skipped (it was not checkpointed). */
  private static Set<String> printed(Path log) {
    return new HashSet<>(strings(printedBytes(log)));
  }

  private static List<byte[]> printedBytes(Path log) {
    List<byte[]> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith("{") && line.endsWith("}")) {
          byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
          try {
            WindowedCountJson.fromJson(bytes);
            out.add(bytes);
          } catch (IllegalArgumentException e) {
            // cut by a kill
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  private static Map<GroundTruth.WindowKey, Long> rows(String jdbcUrl) {
    Map<GroundTruth.WindowKey, Long> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT room, window_start, emoji, reaction_count FROM emoji_window_counts")) {
      while (r.next()) {
        out.put(new GroundTruth.WindowKey(r.getString(1), r.getTimestamp(2).getTime(), r.getString(3)), r.getLong(4));
      }
    } catch (java.sql.SQLException e) {
      return Map.of(); // the table is created by the warehouse's first start
    }
    return out;
  }

  /** Records of {@code topic} as a read_uncommitted reader sees them (aborted transactions included). */
  private static long readUncommitted(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long count = 0;
      long deadline = System.nanoTime() + Exact.READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("reading " + topic + " read_uncommitted did not reach its end");
        }
        for (ConsumerRecord<byte[], byte[]> ignored : consumer.poll(Duration.ofMillis(500))) {
          count++;
        }
      }
      return count;
    }
  }
}
