package io.emojireactions.pubsub;

import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.testkit.KafkaExtension;

/**
 * One real broker for every IT of this module's test JVM (failsafe runs them in one JVM): a
 * broker start costs seconds, and every test uses its own topic names and groups. Each IT
 * registers {@link #KAFKA} ({@code @RegisterExtension static final KafkaExtension KAFKA =
 * SharedKafka.KAFKA;}); the first to run starts the broker, the end of the run stops it.
 */
final class SharedKafka {

  static final KafkaExtension KAFKA = KafkaExtension.nodes(1).shared();

  private SharedKafka() {}

  static KafkaCluster get() {
    return KAFKA.cluster();
  }

  static String bootstrap() {
    return KAFKA.bootstrapServers();
  }

  static KafkaConnection connection() {
    return KafkaConnection.of(bootstrap());
  }
}
