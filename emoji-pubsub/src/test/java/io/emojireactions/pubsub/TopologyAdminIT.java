package io.emojireactions.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.testkit.KafkaExtension;
import java.util.List;
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
}
