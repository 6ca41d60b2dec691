package io.emojireactions.apps.reliability;

import io.emojireactions.apps.broker.KafkaCluster;
import java.util.Map;

/** One single-node broker shared by the fault ITs of this test JVM that do not kill brokers. */
final class FaultKafka {

  /** The generator's event times (2025) are older than the broker's clock: keep them. */
  static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");

  private static KafkaCluster cluster;

  /**
   * Creates a topic unless it exists. (On a loaded machine a create can time out on the client
   * after the broker made it; a retry then finds it there.)
   */
  static void ensureTopic(KafkaCluster kafka, String name, int partitions, int replication, Map<String, String> configs) {
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(), "default.api.timeout.ms", 300_000))) {
      admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(name, partitions, (short) replication)
          .configs(configs))).all().get(5, java.util.concurrent.TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw new IllegalStateException("creating " + name + ": " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("creating " + name + ": " + e, e);
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
