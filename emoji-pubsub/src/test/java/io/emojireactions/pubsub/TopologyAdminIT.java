package io.emojireactions.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.testkit.KafkaExtension;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopologyAdminIT {

  /** This module's one broker (see SharedKafka). */
  @RegisterExtension
  static final KafkaExtension KAFKA = SharedKafka.KAFKA;

  @Test
  void createsEveryTopicOnceThenReportsThemAsExistingAndFlagsAPartitionMismatch() {
    String prefix = KafkaTestSupport.prefix("admin");
    FanOutTopology topology = KafkaTestSupport.topology(prefix, 3, Routing.hash());
    List<String> extra = List.of(prefix + "_reactions", prefix + "_reactions_dlq");

    assertThat(TopologyAdmin.missingTopics(topology, SharedKafka.connection()))
        .hasSize(2 + 3 * 4)
        .contains(SharedKafka.bootstrap() + "/" + prefix + "_main", SharedKafka.bootstrap() + "/" + prefix + "_c2_sub1");

    List<TopicStatus> first = TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(3, 1), extra);
    assertThat(first).hasSize(2 + 2 + 3 * 4);
    assertThat(first).allMatch(s -> s.outcome() == TopicStatus.Outcome.CREATED && s.partitions() == 3);
    assertThat(first).extracting(TopicStatus::topic).startsWith(prefix + "_reactions", prefix + "_reactions_dlq", prefix + "_main", prefix + "_main_dlq")
        .contains(prefix + "_c3_sub3");

    assertThat(TopologyAdmin.missingTopics(topology, SharedKafka.connection())).isEmpty();

    List<TopicStatus> again = TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(3, 1), extra);
    assertThat(again).hasSize(first.size()).allMatch(s -> s.outcome() == TopicStatus.Outcome.EXISTS);

    List<TopicStatus> wrong = TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(6, 1), extra);
    assertThat(wrong).allSatisfy(s -> {
      assertThat(s.outcome()).isEqualTo(TopicStatus.Outcome.MISMATCH);
      assertThat(s.ok()).isFalse();
      assertThat(s.partitions()).isEqualTo(3);
      assertThat(s.message()).contains("topic " + s.topic()).contains("has 3 partitions, wanted 6").contains("left unchanged");
    });
  }

  @Test
  void plainTopicsTakeTheBrokersDefaultsWhereTheSettingsNameNoneAndAreComparedOnlyOnWhatTheyName() throws Exception {
    String prefix = KafkaTestSupport.prefix("plain");
    String alerts = prefix + "_alerts";
    String dlq = prefix + "_dlq";
    TopicSettings compacted = TopicSettings.builder().config("cleanup.policy", "compact").build();

    List<TopicStatus> first = TopologyAdmin.ensureTopics(SharedKafka.connection(), compacted, List.of(alerts, dlq, alerts));
    // The shared broker's defaults: num.partitions 1, default.replication.factor 1.
    assertThat(first).extracting(TopicStatus::topic).containsExactly(alerts, dlq);
    assertThat(first).allSatisfy(s -> {
      assertThat(s.outcome()).isEqualTo(TopicStatus.Outcome.CREATED);
      assertThat(s.partitions()).isEqualTo(1);
      assertThat(s.message()).isEqualTo("created with 1 partitions, replication factor 1");
    });
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrap()))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, alerts);
      assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value()).isEqualTo("compact");
    }

    assertThat(TopologyAdmin.ensureTopics(SharedKafka.connection(), TopicSettings.builder().replicationFactor(1).build(), List.of(alerts)))
        .singleElement().satisfies(s -> assertThat(s.outcome()).isEqualTo(TopicStatus.Outcome.EXISTS));
    assertThat(TopologyAdmin.ensureTopics(SharedKafka.connection(), TopicSettings.builder().partitions(2).build(), List.of(dlq)))
        .singleElement().satisfies(s -> assertThat(s.message()).contains("has 1 partitions, wanted 2").doesNotContain("replication"));
    assertThat(TopologyAdmin.ensureTopics(SharedKafka.connection(), compacted, List.of())).isEmpty();
    assertThatThrownBy(() -> TopologyAdmin.ensureTopics(SharedKafka.connection(), compacted, List.of("no such topic")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no such topic'");
  }
}
