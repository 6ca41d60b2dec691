package io.emojireactions.apps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopologyAdmin;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.apps.simulate.ReactionGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long run (not in {@code mvn verify}: the name does not end in IT; run it with
 * {@code emoji-bench/soak.sh}): a steady rate through {@code emoji pipeline} and {@code emoji fanout}
 * for {@code -Demoji.soak.minutes} (default 30), with a fault every {@code
 * -Demoji.soak.fault.seconds} (default 120) — alternately the pipeline and the relay killed -9 and
 * restarted. Pipeline RSS and checkpoint state size are sampled; at the end the cluster topic
 * equals the ground truth exactly and the state size of the last third of the run is no larger
 * than 1.5x the first third's (event time runs with the wall clock, so the watermark evicts state).
 */
class SoakRun {

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1).startTimeout(ChildJvm.PATIENCE);

  @Test
  void steadyRateWithAFaultEveryFewMinutesStaysFlatAndEndsExact(@TempDir Path dir) throws Exception {
    Duration length = Duration.ofMinutes(Long.getLong("emoji.soak.minutes", 30));
    Duration faultEvery = Duration.ofSeconds(Long.getLong("emoji.soak.fault.seconds", 120));
    int rate = Integer.getInteger("emoji.soak.rate", 200);
    long seed = Long.getLong("emoji.faults.seed", System.nanoTime());
    System.out.printf("SoakRun: %s at %d/s, a fault every %s, seed %d%n", length, rate, faultEvery, seed);
    Random random = new Random(seed);
    KafkaCluster kafka = KAFKA.cluster();
    String bootstrap = kafka.bootstrapServers();
    FaultKafka.ensureTopic(kafka, "soak_reactions", 2, 1, FaultKafka.KEEP_FOREVER);
    FaultKafka.ensureTopic(kafka, "soak_dlq", 1, 1, FaultKafka.KEEP_FOREVER);
    Path topologyFile = dir.resolve("topology.properties");
    Files.writeString(topologyFile, "main.topic=soak_main\nclusters=c1\ncluster.c1.topic=soak_c1\n");
    FanOutTopology topology = FanOutTopology.load(topologyFile);
    TopologyAdmin.ensureTopics(topology, KafkaConnection.of(bootstrap), TopicSettings.builder().partitions(2).replicationFactor(1).retention(Duration.ofMillis(-1)).build());
    long records = rate * length.toSeconds();
    // Event time runs with the wall clock, as in production.
    ReactionGenerator generator = ReactionGenerator.builder().seed(seed).count(records).rooms(3)
        .start(Instant.now()).span(length).maxDisorder(Duration.ofSeconds(1)).build();
    GroundTruth truth = generator.groundTruth(Duration.ofSeconds(2));
    Path checkpoint = dir.resolve("checkpoint");
    List<String> pipelineArgs = List.of("pipeline", "--bootstrap-servers", bootstrap, "--input-topic", "soak_reactions",
        "--output-topic", topology.mainTopic(), "--dlq-topic", "soak_dlq", "--checkpoint", checkpoint.toString(),
        "--master", "local[2]", "--shuffle-partitions", "2", "--lateness", "30s", "--trigger", "2s");
    List<String> relayArgs = List.of("fanout", "--bootstrap-servers", bootstrap, "--topology", topologyFile.toString());
    Path logs = Files.createDirectories(dir.resolve("logs"));
    List<long[]> samples = new ArrayList<>(); // {seconds, pipeline RSS KiB, state bytes}
    int faults = 0;
    long start = System.nanoTime();
    ChildJvm pipeline = ChildJvm.emoji("pipeline", logs.resolve("pipeline.log"), "1g", pipelineArgs);
    ChildJvm relay = ChildJvm.emoji("relay", logs.resolve("relay.log"), "256m", relayArgs);
    try (SteadyProducer producer = new SteadyProducer(bootstrap, "soak_reactions", generator.values(), length)) {
      long nextFault = start + faultEvery.toNanos();
      long nextSample = start;
      while (!producer.done()) {
        long now = System.nanoTime();
        if (now >= nextSample) {
          if (pipeline.isAlive()) {
            samples.add(new long[] {(now - start) / 1_000_000_000L, pipeline.rssKib(), sizeOf(checkpoint.resolve("main").resolve("state"))});
          }
          nextSample = now + 15_000_000_000L;
        }
        if (now >= nextFault) {
          faults++;
          if (faults % 2 == 1) {
            pipeline.kill9();
            pipeline = ChildJvm.emoji("pipeline", logs.resolve("pipeline.log"), "1g", pipelineArgs);
          } else {
            relay.kill9();
            relay = ChildJvm.emoji("relay", logs.resolve("relay.log"), "256m", relayArgs);
          }
          System.out.printf("SoakRun: fault %d at %d s (%s killed -9 and restarted), %d records produced%n",
              faults, (now - start) / 1_000_000_000L, faults % 2 == 1 ? "pipeline" : "relay", producer.acked());
          nextFault = now + faultEvery.toNanos() + random.nextInt(30_000) * 1_000_000L;
        }
        long wake = Math.min(nextFault, nextSample);
        Await.until("the next sample or fault", Duration.ofMinutes(1), () -> System.nanoTime() >= wake || producer.done());
      }
      producer.awaitDone(Duration.ofMinutes(1));
      String cluster = topology.clusters().get(0).topic();
      // The last windows close only when event time moves on: the final check is on the merged update-mode output.
      Await.until("the cluster topic equals the ground truth", Duration.ofMinutes(5),
          Exact.every(Duration.ofSeconds(3), () -> Exact.maxMerged(bootstrap, cluster).equals(truth.counts())));
      Exact.assertSameCounts("soak: cluster topic", Exact.maxMerged(bootstrap, cluster), truth.counts());
    } finally {
      pipeline.close();
      relay.close();
    }
    samples.forEach(s -> System.out.printf("SoakRun sample: t=%d s rss=%d KiB state=%d bytes%n", s[0], s[1], s[2]));
    int third = samples.size() / 3;
    assertThat(third).as("samples").isGreaterThan(0);
    double firstState = samples.subList(third, 2 * third).stream().mapToLong(s -> s[2]).average().orElseThrow();
    double lastState = samples.subList(2 * third, samples.size()).stream().mapToLong(s -> s[2]).average().orElseThrow();
    double firstRss = samples.subList(third, 2 * third).stream().mapToLong(s -> s[1]).max().orElseThrow();
    double lastRss = samples.subList(2 * third, samples.size()).stream().mapToLong(s -> s[1]).max().orElseThrow();
    System.out.printf("SoakRun: %d faults, %d records, %d keys exact; state avg %.0f -> %.0f bytes, pipeline RSS max %.0f -> %.0f KiB%n",
        faults, records, truth.counts().size(), firstState, lastState, firstRss, lastRss);
    assertThat(lastState).as("state size flat").isLessThan(1.5 * firstState + 1_000_000);
    assertThat(lastRss).as("pipeline RSS flat (KiB)").isLessThan(1.5 * firstRss);
  }

  private static long sizeOf(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // deleted by Spark's maintenance meanwhile
        }
      }).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }
}
