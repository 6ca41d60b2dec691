package io.emojireactions.pubsub;

import static io.emojireactions.pubsub.Counts.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FanOutTopologyTest {

  @Test
  void defaultsAreTheSeedsThreeByThreeLayoutWithHashRouting() {
    FanOutTopology topology = FanOutTopology.defaults();
    assertThat(topology.mainTopic()).isEqualTo("emoji_main_publisher");
    assertThat(topology.dlqTopic()).isEqualTo("emoji_main_publisher_dlq");
    assertThat(topology.clusters()).extracting(ClusterSpec::topic).containsExactly("emoji_cluster_1", "emoji_cluster_2", "emoji_cluster_3");
    assertThat(topology.clusters().get(1).subTopics())
        .containsExactly("emoji_cluster_2_sub1", "emoji_cluster_2_sub2", "emoji_cluster_2_sub3");
    assertThat(topology.clusters()).allSatisfy(c -> {
      assertThat(c.routing()).isSameAs(Routing.hash());
      assertThat(c.kafka()).isEmpty();
    });
  }

  @Test
  void destinationsAreEveryClusterTopicPlusTheRoutedSubTopics() {
    // 😢 hashes to sub-topic 3 of 3.
    List<String> topics = FanOutTopology.defaults().destinations(count("😢", 4)).stream().map(FanOutTopology.Destination::topic).toList();
    assertThat(topics).containsExactly(
        "emoji_cluster_1", "emoji_cluster_1_sub3", "emoji_cluster_2", "emoji_cluster_2_sub3", "emoji_cluster_3", "emoji_cluster_3_sub3");
    List<String> broadcast = FanOutTopology.defaults().withRouting(Routing.broadcast()).destinations(count("😢", 4)).stream()
        .map(FanOutTopology.Destination::topic).toList();
    assertThat(broadcast).hasSize(12).contains("emoji_cluster_2_sub1", "emoji_cluster_2_sub2", "emoji_cluster_2_sub3");
  }

  @Test
  void topicsByKafkaGroupsRemoteClustersApart() {
    KafkaConnection remote = KafkaConnection.of("remote:9092");
    FanOutTopology topology = FanOutTopology.builder()
        .cluster(ClusterSpec.of("a", "ta", List.of("ta_1"), Routing.hash()))
        .cluster(ClusterSpec.of("b", "tb", List.of("tb_1", "tb_2"), Routing.broadcast()).onKafka(remote))
        .build();
    assertThat(topology.topicsByKafka()).containsExactly(
        Map.entry(Optional.empty(), List.of("emoji_main_publisher", "emoji_main_publisher_dlq", "ta", "ta_1")),
        Map.entry(Optional.of(remote), List.of("tb", "tb_1", "tb_2")));
  }

  @Test
  void builderRejectsBadTopologiesNamingTheField() {
    assertThatThrownBy(() -> FanOutTopology.builder().build()).hasMessageContaining("clusters must list at least one cluster");
    assertThatThrownBy(() -> FanOutTopology.builder().mainTopic("bad topic!").cluster(ClusterSpec.of("a", "t", List.of("s"), Routing.hash())).build())
        .hasMessageContaining("main.topic must be a Kafka topic name").hasMessageContaining("'bad topic!'");
    assertThatThrownBy(() -> ClusterSpec.of("a", "t", List.of(), Routing.hash())).hasMessageContaining("cluster a subtopics must list at least one topic");
    assertThatThrownBy(() -> ClusterSpec.of("a", "t", List.of("s", "s"), Routing.hash())).hasMessageContaining("cluster a topics must be distinct");
    assertThatThrownBy(() -> ClusterSpec.of("a b", "t", List.of("s"), Routing.hash())).hasMessageContaining("cluster name must be");
    assertThatThrownBy(() -> FanOutTopology.builder()
            .cluster(ClusterSpec.of("a", "t", List.of("s"), Routing.hash()))
            .cluster(ClusterSpec.of("a", "u", List.of("v"), Routing.hash()))
            .build())
        .hasMessageContaining("cluster names must be unique, but 'a' appeared twice");
    assertThatThrownBy(() -> FanOutTopology.builder()
            .cluster(ClusterSpec.of("a", "t", List.of("s"), Routing.hash()))
            .cluster(ClusterSpec.of("b", "u", List.of("s"), Routing.hash()))
            .build())
        .hasMessageContaining("cluster b topic 's' is already used by cluster a");
    assertThatThrownBy(() -> FanOutTopology.builder().cluster(ClusterSpec.of("a", "emoji_main_publisher", List.of("s"), Routing.hash())).build())
        .hasMessageContaining("already used by main.topic");
  }

  @Test
  void theSameTopicNameMayLiveOnTwoKafkaClusters() {
    FanOutTopology topology = FanOutTopology.builder()
        .cluster(ClusterSpec.of("a", "t", List.of("s"), Routing.hash()))
        .cluster(ClusterSpec.of("b", "t", List.of("s"), Routing.hash()).onKafka(KafkaConnection.of("other:9092")))
        .build();
    assertThat(topology.clusters()).hasSize(2);
  }

  @Test
  void readsEveryDocumentedPropertyKey() throws IOException {
    FanOutTopology topology = FanOutTopology.fromProperties(properties("""
        main.topic=main
        dlq.topic=main_dead
        routing=broadcast
        clusters=eu, us ,asia
        cluster.eu.topic=emoji_eu
        cluster.eu.subtopics=emoji_eu_a, emoji_eu_b
        cluster.eu.routing=hash
        cluster.us.subtopic.count=2
        cluster.us.bootstrap.servers=kafka-us-1:9092,kafka-us-2:9092
        cluster.us.kafka.security.protocol=SASL_SSL
        cluster.us.kafka.sasl.mechanism=PLAIN
        cluster.asia.routing=filter:rooms=tokyo;min_count=10;then=hash
        """));
    assertThat(topology.mainTopic()).isEqualTo("main");
    assertThat(topology.dlqTopic()).isEqualTo("main_dead");
    ClusterSpec eu = topology.cluster("eu").orElseThrow();
    assertThat(eu.topic()).isEqualTo("emoji_eu");
    assertThat(eu.subTopics()).containsExactly("emoji_eu_a", "emoji_eu_b");
    assertThat(eu.routing()).isSameAs(Routing.hash());
    ClusterSpec us = topology.cluster("us").orElseThrow();
    assertThat(us.topic()).isEqualTo("emoji_cluster_2");
    assertThat(us.subTopics()).containsExactly("emoji_cluster_2_sub1", "emoji_cluster_2_sub2");
    assertThat(us.routing()).isSameAs(Routing.broadcast());
    assertThat(us.kafka()).contains(new KafkaConnection("kafka-us-1:9092,kafka-us-2:9092",
        Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN")));
    ClusterSpec asia = topology.cluster("asia").orElseThrow();
    assertThat(asia.topic()).isEqualTo("emoji_cluster_3");
    assertThat(asia.subTopics()).hasSize(3);
    assertThat(asia.routing().spec()).isEqualTo("filter:rooms=tokyo;min_count=10;then=hash");
  }

  @Test
  void minimalPropertiesGiveTheSeedLayout() throws IOException {
    FanOutTopology topology = FanOutTopology.fromProperties(properties("clusters=cluster1,cluster2,cluster3"));
    assertThat(topology.toString()).isEqualTo(FanOutTopology.defaults().toString());
  }

  @Test
  void propertiesErrorsNameTheKey() throws IOException {
    assertThatThrownBy(() -> FanOutTopology.fromProperties(properties("main.topic=x")))
        .hasMessageContaining("clusters must list the cluster names");
    assertThatThrownBy(() -> FanOutTopology.fromProperties(properties("clusters=a\ncluster.a.topik=x")))
        .hasMessageContaining("unknown topology key 'cluster.a.topik'");
    assertThatThrownBy(() -> FanOutTopology.fromProperties(properties("clusters=a\ncluster.b.topic=x")))
        .hasMessageContaining("unknown topology key 'cluster.b.topic'");
    assertThatThrownBy(() -> FanOutTopology.fromProperties(properties("clusters=a\nrouteing=hash")))
        .hasMessageContaining("unknown topology key 'routeing'");
    assertThatThrownBy(() -> FanOutTopology.fromProperties(properties("clusters=a\ncluster.a.routing=random")))
        .hasMessageContaining("cluster.a.routing: routing must be");
    assertThatThrownBy(() -> FanOutTopology.fromProperties(properties("clusters=a\ncluster.a.subtopic.count=0")))
        .hasMessageContaining("cluster.a.subtopic.count must be a whole number > 0, but was '0'");
    assertThatThrownBy(() -> FanOutTopology.fromProperties(properties("clusters=a\ncluster.a.kafka.security.protocol=SSL")))
        .hasMessageContaining("need cluster.a.bootstrap.servers");
    assertThatThrownBy(() -> FanOutTopology.fromProperties(properties("clusters=a\ncluster.a.bootstrap.servers=nohost")))
        .hasMessageContaining("cluster.a.bootstrap.servers must be a comma-separated list of host:port");
  }

  @Test
  void loadsAUtf8FileWithEmojisInAFilter(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("topology.properties");
    Files.writeString(file, "clusters=hearts\ncluster.hearts.routing=filter:emojis=❤,💯\n", StandardCharsets.UTF_8);
    FanOutTopology topology = FanOutTopology.load(file);
    Routing.Filtered routing = (Routing.Filtered) topology.cluster("hearts").orElseThrow().routing();
    assertThat(routing.filter().emojis()).containsExactlyInAnyOrder("❤️", "💯");
  }

  @Test
  void loadNamesTheFileInItsErrors(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "clusters=\n");
    assertThatThrownBy(() -> FanOutTopology.load(file)).hasMessageContaining("bad.properties").hasMessageContaining("clusters must list");
  }

  private static Properties properties(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }
}
