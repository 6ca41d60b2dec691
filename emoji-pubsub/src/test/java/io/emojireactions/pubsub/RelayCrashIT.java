package io.emojireactions.pubsub;

import static io.emojireactions.pubsub.KafkaTestSupport.assertExactly;
import static io.emojireactions.pubsub.KafkaTestSupport.counts;
import static io.emojireactions.pubsub.KafkaTestSupport.json;
import static io.emojireactions.pubsub.KafkaTestSupport.produce;
import static io.emojireactions.pubsub.KafkaTestSupport.readAll;
import static io.emojireactions.pubsub.KafkaTestSupport.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.testkit.KafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A relay killed inside a transaction and restarted: read_committed readers see each message exactly once. */
class RelayCrashIT {

  /** This module's one broker (see SharedKafka). */
  @RegisterExtension
  static final KafkaExtension KAFKA = SharedKafka.KAFKA;

  @Test
  void relayKilledMidTransactionAndRestartedDeliversEveryMessageExactlyOnceWithTheSameHashRouting(@TempDir Path dir) throws Exception {
    String prefix = KafkaTestSupport.prefix("crash");
    String bootstrap = SharedKafka.bootstrap();
    Path file = dir.resolve("topology.properties");
    Files.writeString(file, String.join("\n",
        "main.topic=" + prefix + "_main",
        "clusters=c1,c2",
        "cluster.c1.topic=" + prefix + "_c1",
        "cluster.c2.topic=" + prefix + "_c2",
        "cluster.c2.routing=broadcast",
        ""));
    FanOutTopology topology = FanOutTopology.load(file);
    assertThat(TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(3, 1))).allMatch(TopicStatus::ok);
    List<WindowedCount> counts = counts(2000);
    List<byte[]> input = json(counts);
    produce(bootstrap, topology.mainTopic(), input);
    String group = prefix + "-relay";
    String transactionalId = prefix + "-tx";

    // 1. The relay commits two batches, then dies with the third one sent but not committed.
    Path log = dir.resolve("relay-child.log");
    Process child = HaltingRelay.start(log, bootstrap, file, group, transactionalId, 300, 3);
    try {
      assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("relay child halted; log: %s", log).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(137);
    assertThat(Files.readString(log)).contains(HaltingRelay.HALTING + 3);

    // 2. A new relay with the same transactional id fences the dead one (aborting its open
    //    transaction) and continues from the committed offsets.
    RelayConfig config = RelayConfig.builder().topology(topology).kafka(SharedKafka.connection())
        .groupId(group).transactionalId(transactionalId).maxPollRecords(300).build();
    try (RunningRelay relay = new RunningRelay(config)) {
      // Everything after the two committed batches (at most 2 x 300 records) is relayed again.
      relay.awaitCommitted(input.size() - 600, Duration.ofSeconds(60));
      List<String> expected = strings(input);
      assertExactly(bootstrap, topology.clusters().get(0).topic(), expected);
    }

    // 3. Exactly once for read_committed readers of every topic; the aborted writes were real.
    List<String> expected = strings(input);
    ClusterSpec hashed = topology.clusters().get(0);
    ClusterSpec broadcast = topology.clusters().get(1);
    for (ClusterSpec cluster : topology.clusters()) {
      assertExactly(bootstrap, cluster.topic(), expected);
      assertThat(readAll(bootstrap, cluster.topic(), false, expected.size()).size())
          .as("read_uncommitted also sees the aborted batch of the killed relay").isGreaterThan(expected.size());
    }
    for (String sub : broadcast.subTopics()) {
      assertExactly(bootstrap, sub, expected);
    }
    // Hash routing is the same before and after the restart (two different JVMs).
    Map<String, List<String>> where = KafkaTestSupport.subTopicsByValue(bootstrap, hashed, expected.size());
    assertThat(where.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    for (int i = 0; i < counts.size(); i++) {
      assertThat(where.get(expected.get(i))).containsExactly(hashed.subTopics().get(Routing.hashIndex(counts.get(i).emoji(), 3)));
    }
  }
}
