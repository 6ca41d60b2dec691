package io.emojireactions.apps.reliability;

import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopicStatus;
import io.emojireactions.pubsub.TopologyAdmin;
import java.util.List;
import java.util.Map;

/** One single-node broker shared by the fault ITs of this test JVM that do not kill brokers. */
final class FaultKafka {

  /** The generator's event times (2025) are older than the broker's clock: keep them. */
  static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");

  private static KafkaCluster cluster;

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

  static synchronized KafkaCluster get() {
    if (cluster == null) {
      cluster = KafkaCluster.builder().nodes(1).startTimeout(ChildJvm.PATIENCE).start();
    }
    return cluster;
  }
}
