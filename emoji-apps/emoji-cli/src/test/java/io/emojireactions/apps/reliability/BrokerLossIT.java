package io.emojireactions.apps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.ingest.IngestConfig;
import io.emojireactions.apps.ingest.IngestServer;
import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopologyAdmin;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.apps.simulate.GeneratedRecord;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.apps.simulate.ReactionGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node KRaft cluster, every topic with replication 3 and {@code min.insync.replicas} 2: one
 * node (seeded choice) is killed -9 while clients post to the ingest (HTTP) and the pipeline
 * ({@code emoji pipeline}) and the relay ({@code emoji fanout}) run, then restarted. Every reaction
 * answered 200 is counted, exactly, on the main topic and on the cluster topic.
 */
class BrokerLossIT {

  static final int RECORDS = Integer.getInteger("emoji.faults.brokerloss.records", 12_000);

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(3).startTimeout(ChildJvm.PATIENCE);

  @Test
  void aBrokerKilledDuringIngestPipelineAndRelayLosesNoAcknowledgedReaction(@TempDir Path dir) throws Exception {
    long seed = Long.getLong("emoji.faults.seed", System.nanoTime());
    System.out.printf("BrokerLossIT: seed %d (repeat with -Demoji.faults.seed=%d)%n", seed, seed);
    Random random = new Random(seed);
    KafkaCluster kafka = KAFKA.cluster();
    String bootstrap = kafka.bootstrapServers();
    Map<String, String> durable = Map.of("min.insync.replicas", "2", "retention.ms", "-1");
    FaultKafka.ensureTopic(kafka, "loss_reactions", 2, 3, durable);
    FaultKafka.ensureTopic(kafka, "loss_dlq", 1, 3, durable);
    Path topologyFile = dir.resolve("topology.properties");
    Files.writeString(topologyFile, "main.topic=loss_main\nclusters=c1\ncluster.c1.topic=loss_c1\n");
    FanOutTopology topology = FanOutTopology.load(topologyFile);
    TopologyAdmin.ensureTopics(topology, KafkaConnection.of(bootstrap), TopicSettings.builder().partitions(2).replicationFactor(3).configs(durable).build());

    List<GeneratedRecord> records = ReactionGenerator.builder().seed(seed).count(RECORDS).rooms(3)
        .start(Instant.parse("2025-10-29T22:31:00Z")).span(Duration.ofMinutes(3)).maxDisorder(Duration.ofSeconds(1))
        .build().records().toList();
    Path logs = Files.createDirectories(dir.resolve("logs"));
    IngestServer ingest = IngestServer.start(IngestConfig.builder().host("127.0.0.1").port(0).topic("loss_reactions").build(), bootstrap);
    URI uri = URI.create("http://127.0.0.1:" + ingest.port() + "/emoji");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Map<Integer, Boolean> acknowledged = new ConcurrentHashMap<>();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    int victim = random.nextInt(3);
    try (ChildJvm pipeline = ChildJvm.emoji("pipeline", logs.resolve("pipeline.log"), "1g", List.of("pipeline",
            "--bootstrap-servers", bootstrap, "--input-topic", "loss_reactions", "--output-topic", topology.mainTopic(),
            "--dlq-topic", "loss_dlq", "--checkpoint", dir.resolve("checkpoint").toString(), "--master", "local[2]",
            "--shuffle-partitions", "2", "--lateness", "10m", "--trigger", "500ms"));
        ChildJvm relay = ChildJvm.emoji("relay", logs.resolve("relay.log"), "256m", List.of("fanout",
            "--bootstrap-servers", bootstrap, "--topology", topologyFile.toString(), "--max-batch", "500"))) {
      pipeline.awaitLines("batch=", 1, ChildJvm.PATIENCE);
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        done.add(clients.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < records.size()) {
            int status = post(http, uri, records.get(i).value());
            statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
            if (status == 200) {
              acknowledged.put(i, true);
            }
          }
          return null;
        }));
      }
      Await.until("a third of the reactions answered", ChildJvm.PATIENCE, () -> acknowledged.size() >= RECORDS / 3);
      kafka.killNode(victim);
      int atKill = acknowledged.size();
      Await.until("reactions answered with a node down", ChildJvm.PATIENCE, () -> acknowledged.size() >= atKill + RECORDS / 6);
      kafka.restartNode(victim);
      System.out.printf("BrokerLossIT: node %d killed -9 after %d answers, restarted after %d%n", victim, atKill, acknowledged.size());
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
      clients.shutdown();
      assertThat(ingest.stop()).as("reactions left unwritten by the ingest").isZero();

      Map<GroundTruth.WindowKey, Long> expected = new HashMap<>();
      acknowledged.keySet().forEach(i -> {
        GeneratedRecord r = records.get(i);
        long start = Math.floorDiv(r.eventTimeMs(), 2000L) * 2000L;
        expected.merge(new GroundTruth.WindowKey(r.room(), start, r.canonicalEmoji()), 1L, Long::sum);
      });
      // A relay or pipeline that exited can never complete the cluster topic: stop waiting and say why.
      java.util.function.BooleanSupplier clusterTopicExact =
          Exact.every(Duration.ofSeconds(3), () -> Exact.maxMerged(bootstrap, topology.clusters().get(0).topic()).equals(expected));
      Await.until("the cluster topic counts every acknowledged reaction", ChildJvm.PATIENCE,
          () -> !relay.isAlive() || !pipeline.isAlive() || clusterTopicExact.getAsBoolean(),
          () -> "pipeline:\n" + pipeline.tail(3) + "\nrelay:\n" + relay.tail(10));
      assertThat(relay.isAlive()).as("the relay runs; its log ends:\n%s", relay.tail(30)).isTrue();
      assertThat(pipeline.isAlive()).as("the pipeline runs; its log ends:\n%s", pipeline.tail(30)).isTrue();
      Exact.assertSameCounts("main topic", Exact.maxMerged(bootstrap, topology.mainTopic()), expected);
      Exact.assertSameCounts("cluster topic", Exact.maxMerged(bootstrap, topology.clusters().get(0).topic()), expected);
      assertThat(statuses.keySet()).as("answers %s", statuses).isSubsetOf(200, 503);
      System.out.printf("BrokerLossIT: seed %d, node %d of 3 killed -9 and restarted: %d reactions answered 200 (answers %s) "
          + "-> %d keys exact on the main and cluster topics: lost 0, over-counted 0%n",
          seed, victim, acknowledged.size(), statuses, expected.size());
    } finally {
      ingest.close();
    }
  }

  private static int post(HttpClient http, URI uri, String body) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
  }
}
