package io.emojireactions.pubsub;

import static io.emojireactions.pubsub.KafkaTestSupport.assertExactly;
import static io.emojireactions.pubsub.KafkaTestSupport.counts;
import static io.emojireactions.pubsub.KafkaTestSupport.json;
import static io.emojireactions.pubsub.KafkaTestSupport.produce;
import static io.emojireactions.pubsub.KafkaTestSupport.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.KafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fan-out clusters on two separate Kafka clusters: each receives everything. */
class TwoKafkaClustersIT {

  private static KafkaCluster remote;

  @BeforeAll
  static void startSecondKafka() {
    remote = KafkaCluster.start(1);
  }

  @AfterAll
  static void stopSecondKafka() {
    if (remote != null) {
      remote.close();
    }
  }

  private static FanOutTopology twoKafkaTopology(String prefix) {
    KafkaConnection other = KafkaConnection.of(remote.bootstrapServers());
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
    assertThat(statuses).extracting(TopicStatus::bootstrapServers).containsOnly(SharedKafka.bootstrap(), remote.bootstrapServers());
    assertThat(statuses).filteredOn(s -> s.bootstrapServers().equals(remote.bootstrapServers()))
        .extracting(TopicStatus::topic).containsExactly(prefix + "_away", prefix + "_away_sub1", prefix + "_away_sub2");
    List<byte[]> input = json(counts(500));
    produce(SharedKafka.bootstrap(), topology.mainTopic(), input);

    RelayConfig config = RelayConfig.of(topology, SharedKafka.connection())
        .withGroupId(prefix + "-relay").withTransactionalId(prefix + "-tx").withMaxPollRecords(200);
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
      assertExactly(remote.bootstrapServers(), topic, expected);
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
      assertExactly(remote.bootstrapServers(), topic, expected);
    }
  }
}
