package io.emojireactions.testkit;

import io.emojireactions.apps.broker.KafkaCluster;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka cluster (KRaft, each node in its own JVM) for a JUnit 5 test class, started before
 * its first test and stopped after its last, so that no broker process outlives the class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaExtension KAFKA = KafkaExtension.nodes(1);
 *
 * @Test
 * void roundTrip() {
 *   String topic = KAFKA.topic("reactions", 3);
 *   TopicIO.produce(KAFKA.bootstrapServers(), topic, List.of("{}"));
 * }
 * }</pre>
 *
 * <p>Registered on a {@code static} field it serves the whole class; on an instance field each
 * test gets a fresh cluster. Thread-safe; {@link #cluster()} fails when called outside the
 * extension's lifetime.
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private final UnaryOperator<KafkaCluster.Builder> settings;
  private KafkaCluster cluster;
  private boolean perTest;

  private KafkaExtension(UnaryOperator<KafkaCluster.Builder> settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** A plain (PLAINTEXT) cluster of {@code count} nodes. */
  public static KafkaExtension nodes(int count) {
    return new KafkaExtension(b -> b.nodes(count));
  }

  /** A cluster configured by {@code settings} (nodes, SASL_SSL, broker properties, start timeout). */
  public static KafkaExtension configured(UnaryOperator<KafkaCluster.Builder> settings) {
    return new KafkaExtension(settings);
  }

  /** This extension with a longer start timeout, for tests that run beside heavy load. */
  public KafkaExtension startTimeout(Duration timeout) {
    UnaryOperator<KafkaCluster.Builder> before = settings;
    return new KafkaExtension(b -> before.apply(b).startTimeout(timeout));
  }

  /** The running cluster. */
  public synchronized KafkaCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("the Kafka cluster runs only while the test class runs (register this with @RegisterExtension)");
    }
    return cluster;
  }

  /** The running cluster's bootstrap servers. */
  public String bootstrapServers() {
    return cluster().bootstrapServers();
  }

  /**
   * Creates {@code name} with {@code partitions} partitions, replication 1 and retention off (test
   * data carries event times far in the past), and returns the name.
   */
  public String topic(String name, int partitions) {
    cluster().createTopic(name, partitions, 1, Map.of("retention.ms", "-1"));
    return name;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    if (cluster == null) { // registered on an instance field: beforeAll never ran
      perTest = true;
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop();
    }
  }

  private synchronized void start() {
    cluster = settings.apply(KafkaCluster.builder()).start();
  }

  private synchronized void stop() {
    if (cluster != null) {
      try {
        cluster.close();
      } finally {
        cluster = null;
      }
    }
  }
}
