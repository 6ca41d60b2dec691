package io.emojireactions.apps.reliability;

import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopicStatus;
import io.emojireactions.pubsub.TopologyAdmin;
import java.util.List;
import io.emojireactions.testkit.KafkaExtension;
import java.util.Map;

/** The broker of the fault ITs, and how they create topics on a loaded machine. */
final class FaultKafka {

  /**
   * One single-node broker for every fault IT of this test JVM that does not kill brokers: each
   * registers this instance ({@code @RegisterExtension static final KafkaExtension KAFKA =
   * FaultKafka.SHARED;}). Its start may take as long as any step of a child JVM.
   */
  static final KafkaExtension SHARED = KafkaExtension.nodes(1).startTimeout(ChildJvm.PATIENCE).shared();

  /** The generator's event times (2025) are older than the broker's clock: keep them. */
  static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");

  /**
   * Creates a topic unless it exists, as the applications do ({@link TopologyAdmin}). On a loaded
   * machine a create can take minutes to be confirmed to the client after the broker made it: the
   * admin client waits up to 5 minutes.
   *
   * @throws IllegalStateException when the topic exists with other partitions or replication
   */
  static void ensureTopic(KafkaCluster kafka, String name, int partitions, int replication, Map<String, String> configs) {
    KafkaConnection patient = new KafkaConnection(kafka.bootstrapServers(), Map.of("default.api.timeout.ms", "300000"));
    TopicSettings settings = TopicSettings.builder().partitions(partitions).replicationFactor(replication).configs(configs).build();
    for (TopicStatus status : TopologyAdmin.ensureTopics(patient, settings, List.of(name))) {
      if (!status.ok()) {
        throw new IllegalStateException(status.message());
      }
    }
  }

  private FaultKafka() {}
}
