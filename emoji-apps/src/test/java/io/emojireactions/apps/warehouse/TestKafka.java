package io.emojireactions.apps.warehouse;

import io.emojireactions.testkit.KafkaCluster;
import java.util.Map;

/**
 * The Kafka broker of one insight IT class (warehouse, alerts), started on first use. Each class
 * stops it in {@code @AfterAll}: other ITs of this JVM assert that no child process is left.
 */
public final class TestKafka {

  private static KafkaCluster kafka;

  private TestKafka() {}

  public static synchronized KafkaCluster cluster() {
    if (kafka == null) {
      kafka = KafkaCluster.start(1);
    }
    return kafka;
  }

  /** Stops the broker (the next use starts a new one). */
  public static synchronized void stop() {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }

  /** A new topic; output data carries 2025 event times, so retention is off. */
  public static String topic(String name, int partitions) {
    cluster().createTopic(name, partitions, 1, Map.of("retention.ms", "-1"));
    return name;
  }
}
