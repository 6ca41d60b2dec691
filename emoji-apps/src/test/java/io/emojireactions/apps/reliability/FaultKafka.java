package io.emojireactions.apps.reliability;

import io.emojireactions.testkit.KafkaCluster;
import java.util.Map;

/** One single-node broker shared by the fault ITs of this test JVM that do not kill brokers. */
final class FaultKafka {

  /** The generator's event times (2025) are older than the broker's clock: keep them. */
  static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");

  private static KafkaCluster cluster;

  private FaultKafka() {}

  static synchronized KafkaCluster get() {
    if (cluster == null) {
      cluster = KafkaCluster.builder().nodes(1).startTimeout(ChildJvm.PATIENCE).start();
    }
    return cluster;
  }
}
