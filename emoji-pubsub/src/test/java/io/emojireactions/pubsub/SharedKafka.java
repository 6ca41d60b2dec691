package io.emojireactions.pubsub;

import io.emojireactions.apps.broker.KafkaCluster;

/**
 * One real broker for every IT of this module's test JVM (failsafe runs them in one JVM): a
 * broker start costs seconds, and every test uses its own topic names and groups.
 */
final class SharedKafka {

  private static KafkaCluster cluster;

  private SharedKafka() {}

  static synchronized KafkaCluster get() {
    if (cluster == null) {
      cluster = KafkaCluster.start(1);
      KafkaCluster started = cluster;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-close"));
    }
    return cluster;
  }

  static String bootstrap() {
    return get().bootstrapServers();
  }

  static KafkaConnection connection() {
    return KafkaConnection.of(bootstrap());
  }
}
