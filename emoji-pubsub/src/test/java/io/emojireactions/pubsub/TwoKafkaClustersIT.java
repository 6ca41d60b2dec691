package io.emojireactions.pubsub;

import static io.emojireactions.pubsub.KafkaTestSupport.assertExactly;
import static io.emojireactions.pubsub.KafkaTestSupport.counts;
import static io.emojireactions.pubsub.KafkaTestSupport.json;
import static io.emojireactions.pubsub.KafkaTestSupport.produce;
import static io.emojireactions.pubsub.KafkaTestSupport.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.KafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Fan-out clusters on two separate Kafka clusters: each receives everything. */
class TwoKafkaClustersIT {

  /** The home cluster: this module's one broker (see SharedKafka). */
  @RegisterExtension
  static final KafkaExtension KAFKA = SharedKafka.KAFKA;

  /** The second, remote Kafka cluster. */
  @RegisterExtension
  static final KafkaExtension REMOTE = KafkaExtension.nodes(1);

  private static FanOutTopology twoKafkaTopology(String prefix) {
    KafkaConnection other = KafkaConnection.of(REMOTE.bootstrapServers());
    return FanOutTopology.builder()
        .mainTopic(prefix + "_main")
        .cluster(ClusterSpec.of("home", prefix + "_home", FanOutTopology.numberedSubTopics(prefix + "_home", 3), Routing.hash()))
        .cluster(ClusterSpec.of("away", prefix + "_away", FanOutTopology.numberedSubTopics(prefix + "_away", 2), Routing.broadcast())
            .onKafka(other))
        .build();
  }

  @Test
  void relayDeliversEveryMessageToClustersOnBothKafkaClusters() throws Exception {
    String prefix = KafkaTestSupport.prefix("twokafka");
    FanOutTopology topology = twoKafkaTopology(prefix);
    List<TopicStatus> statuses = TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(2, 1));
    assertThat(statuses).extracting(TopicStatus::bootstrapServers).containsOnly(SharedKafka.bootstrap(), REMOTE.bootstrapServers());
    assertThat(statuses).filteredOn(s -> s.bootstrapServers().equals(REMOTE.bootstrapServers()))
        .extracting(TopicStatus::topic).containsExactly(prefix + "_away", prefix + "_away_sub1", prefix + "_away_sub2");
    List<byte[]> input = json(counts(500));
    produce(SharedKafka.bootstrap(), topology.mainTopic(), input);

    RelayConfig config = RelayConfig.builder().topology(topology).kafka(SharedKafka.connection())
        .groupId(prefix + "-relay").transactionalId(prefix + "-tx").maxPollRecords(200).build();
    try (RunningRelay relay = new RunningRelay(config)) {
      relay.awaitCommitted(input.size(), Duration.ofSeconds(60));
    }

    List<String> expected = strings(input);
    assertExactly(SharedKafka.bootstrap(), prefix + "_home", expected);
    Map<String, List<String>> homeSubs = KafkaTestSupport.subTopicsByValue(SharedKafka.bootstrap(), topology.clusters().get(0), expected.size());
    assertThat(homeSubs.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(homeSubs.values()).allSatisfy(subs -> assertThat(subs).hasSize(1));
    // Nothing was retried in this run, so the at-least-once side holds each message exactly once too.
    for (String topic : topology.clusters().get(1).allTopics()) {
      assertExactly(REMOTE.bootstrapServers(), topic, expected);
    }
  }

  @Test
  void publisherWritesOneLongLivedProducerPerKafkaClusterToBoth() {
    String prefix = KafkaTestSupport.prefix("publisher");
    FanOutTopology topology = twoKafkaTopology(prefix);
    assertThat(TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(2, 1))).allMatch(TopicStatus::ok);
    List<WindowedCount> counts = counts(300);
    try (FanOutPublisher publisher = FanOutPublisher.create(topology, SharedKafka.connection())) {
      counts.forEach(publisher::publish);
      publisher.flush();
    }
    List<String> expected = strings(json(counts));
    // publish() writes the fan-out topics, never the main topic.
    assertThat(KafkaTestSupport.readAll(SharedKafka.bootstrap(), topology.mainTopic(), true, 0)).isEmpty();
    var home = assertExactly(SharedKafka.bootstrap(), prefix + "_home", expected);
    assertThat(home).allSatisfy(r -> {
      WindowedCount count = WindowedCountJson.fromJson(r.value());
      assertThat(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(WindowedCountJson.key(count.room(), count.emoji()));
    });
    Map<String, List<String>> homeSubs = KafkaTestSupport.subTopicsByValue(SharedKafka.bootstrap(), topology.clusters().get(0), expected.size());
    for (int i = 0; i < counts.size(); i++) {
      // hash routing: exactly the sub-topic of the emoji
      assertThat(homeSubs.get(expected.get(i))).containsExactly(prefix + "_home_sub" + (Routing.hashIndex(counts.get(i).emoji(), 3) + 1));
    }
    for (String topic : topology.clusters().get(1).allTopics()) {
      assertExactly(REMOTE.bootstrapServers(), topic, expected);
    }
  }

  @Test
  void afterARelayCrashTheRemoteClusterHasEveryMessageAtLeastOnceAndMaxMergeMakesItExact(@TempDir Path dir) throws Exception {
    String prefix = KafkaTestSupport.prefix("remotecrash");
    Path file = dir.resolve("topology.properties");
    Files.writeString(file, String.join("\n",
        "main.topic=" + prefix + "_main",
        "routing=broadcast",
        "clusters=home,away",
        "cluster.home.topic=" + prefix + "_home",
        "cluster.home.subtopic.count=1",
        "cluster.away.topic=" + prefix + "_away",
        "cluster.away.subtopic.count=1",
        "cluster.away.bootstrap.servers=" + REMOTE.bootstrapServers(),
        ""));
    FanOutTopology topology = FanOutTopology.load(file);
    assertThat(TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(2, 1))).allMatch(TopicStatus::ok);
    // Update-mode traffic: each key's count grows 1..5, every update a message.
    List<WindowedCount> finals = counts(200).stream()
        .map(c -> new WindowedCount(c.room(), c.window(), c.emoji(), 5, 1, false)).toList();
    List<WindowedCount> updates = new ArrayList<>();
    for (long n = 1; n <= 5; n++) {
      for (WindowedCount last : finals) {
        updates.add(new WindowedCount(last.room(), last.window(), last.emoji(), n, 1, false));
      }
    }
    List<byte[]> input = json(updates);
    produce(SharedKafka.bootstrap(), topology.mainTopic(), input);
    String group = prefix + "-relay";
    String transactionalId = prefix + "-tx";

    Path log = dir.resolve("relay-child.log");
    Process child = HaltingRelay.start(log, SharedKafka.bootstrap(), file, group, transactionalId, 200, 2);
    try {
      assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("relay child halted").isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(137);

    RelayConfig config = RelayConfig.builder().topology(topology).kafka(SharedKafka.connection())
        .groupId(group).transactionalId(transactionalId).maxPollRecords(200).build();
    try (RunningRelay relay = new RunningRelay(config)) {
      relay.awaitCommitted(input.size() - 200, Duration.ofSeconds(60));
      assertExactly(SharedKafka.bootstrap(), prefix + "_home", strings(input));
    }

    List<String> expected = strings(input);
    // Same Kafka cluster: exactly once.
    assertExactly(SharedKafka.bootstrap(), prefix + "_home", expected);
    // Other Kafka cluster: the batch sent before the crash was sent again, so at least once...
    List<String> away = KafkaTestSupport.values(KafkaTestSupport.readAll(REMOTE.bootstrapServers(), prefix + "_away", true, expected.size()));
    assertThat(away).hasSizeGreaterThan(expected.size()).containsAll(expected);
    // ...and the max-merged view is exact all the same.
    MaxMergeView view = new MaxMergeView();
    away.forEach(v -> view.merge(WindowedCountJson.fromJson(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    assertThat(view.snapshot()).containsExactlyInAnyOrderElementsOf(finals);
  }
}
