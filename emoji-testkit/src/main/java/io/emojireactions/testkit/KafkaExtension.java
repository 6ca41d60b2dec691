package io.emojireactions.testkit;

import io.emojireactions.apps.broker.KafkaCluster;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka cluster (KRaft, each node in its own JVM) for JUnit 5 tests, stopped when the scope
 * it serves ends, so that no broker process outlives its tests.
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
 * <p>The scope follows the field the extension is registered on:
 *
 * <ul>
 *   <li>a {@code static} field: one cluster for the class, started before its first test (and
 *       before its {@code @BeforeAll} methods) and stopped after its last (and after its
 *       {@code @AfterAll} methods). {@code @Nested} classes share it;
 *   <li>an instance field: a fresh cluster for each test (with JUnit's default per-method test
 *       instances), stopped after the test's {@code @AfterEach} methods;
 *   <li>a {@link #shared()} extension, registered on a {@code static} field of several classes: one
 *       cluster for all of them, started by the first and stopped when the JUnit run ends.
 * </ul>
 *
 * <p>Before each test every node of a class-wide or shared cluster runs: a node that an earlier
 * test stopped or killed (and did not restart) is restarted on its ports with its data, so one
 * test's fault injection cannot fail the tests after it.
 *
 * <p>Thread-safe. {@link #cluster()} fails when called outside the extension's scope.
 */
public final class KafkaExtension implements BeforeAllCallback, BeforeEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

  private final UnaryOperator<KafkaCluster.Builder> settings;
  private final boolean shared;
  private KafkaCluster cluster;

  private KafkaExtension(UnaryOperator<KafkaCluster.Builder> settings, boolean shared) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.shared = shared;
  }

  /** A plain (PLAINTEXT) cluster of {@code count} nodes. */
  public static KafkaExtension nodes(int count) {
    return new KafkaExtension(b -> b.nodes(count), false);
  }

  /** A cluster configured by {@code settings} (nodes, SASL_SSL, broker properties, start timeout). */
  public static KafkaExtension configured(UnaryOperator<KafkaCluster.Builder> settings) {
    return new KafkaExtension(settings, false);
  }

  /** This extension with a longer start timeout, for tests that run beside heavy load. */
  public KafkaExtension startTimeout(Duration timeout) {
    UnaryOperator<KafkaCluster.Builder> before = settings;
    return new KafkaExtension(b -> before.apply(b).startTimeout(timeout), shared);
  }

  /**
   * This extension as one cluster for every test class of the JUnit run that registers the
   * returned instance (hold it in a constant and register that constant on a {@code static} field
   * of each class): started before the first such class, stopped when the run ends (for Maven's
   * surefire and failsafe, when the test JVM's last class has run). A broker start costs seconds;
   * classes that share one must keep to their own topic names and consumer groups.
   */
  public KafkaExtension shared() {
    return new KafkaExtension(settings, true);
  }

  /** The running cluster. */
  public synchronized KafkaCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("the Kafka cluster runs only while the tests it serves run (register this with @RegisterExtension)");
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
  public synchronized void beforeAll(ExtensionContext context) {
    if (cluster == null) { // else an enclosing class (of a @Nested one) or an earlier class (shared) started it
      start(shared ? context.getRoot() : context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    KafkaCluster running;
    synchronized (this) {
      if (cluster == null) { // registered on an instance field: beforeAll never ran
        start(shared ? context.getRoot() : context);
        return;
      }
      running = cluster;
    }
    for (int i = 0; i < running.nodeCount(); i++) {
      if (!running.isRunning(i)) {
        running.restartNode(i);
      }
    }
  }

  /**
   * Starts the cluster and hands its stop to {@code scope}'s store, which JUnit closes when that
   * scope ends: after the class's or the test's own after-methods, or at the end of the run.
   */
  private synchronized void start(ExtensionContext scope) {
    KafkaCluster started = settings.apply(KafkaCluster.builder()).start();
    cluster = started;
    scope.getStore(NAMESPACE).put(new Object(), (ExtensionContext.Store.CloseableResource) () -> stop(started));
  }

  private void stop(KafkaCluster started) {
    synchronized (this) {
      if (cluster == started) {
        cluster = null;
      }
    }
    started.close();
  }
}
