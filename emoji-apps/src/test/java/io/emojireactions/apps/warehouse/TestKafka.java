package io.emojireactions.apps.warehouse;

import io.emojireactions.testkit.KafkaCluster;
import java.util.Map;

/** The one Kafka broker of this test JVM for the insight ITs (warehouse, alerts). */
public final class TestKafka {

  private static KafkaCluster kafka;

  private TestKafka() {}

  public static synchronized KafkaCluster cluster() {
    if (kafka == null) {
      kafka = KafkaCluster.start(1);
    }
    return kafka;
  }

  /** A new topic; output data carries 2025 event times, so retention is off. */
  public static String topic(String name, int partitions) {
    cluster().createTopic(name, partitions, 1, Map.of("retention.ms", "-1"));
    return name;
  }
}
