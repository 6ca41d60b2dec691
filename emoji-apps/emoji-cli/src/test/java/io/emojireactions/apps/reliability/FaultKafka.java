package io.emojireactions.apps.reliability;

import io.emojireactions.apps.broker.KafkaCluster;
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
}
