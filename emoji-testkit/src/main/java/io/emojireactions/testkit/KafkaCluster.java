package io.emojireactions.testkit;

import java.util.Map;

/**
 * A real Apache Kafka cluster (KRaft, combined broker+controller nodes) running in child JVMs
 * started from the Maven-resolved broker jars, on free loopback ports. The broker's Scala 2.13
 * and server jars never touch the caller's classpath.
 *
 * <p>Usage:
 * <pre>{@code
 * try (KafkaCluster kafka = KafkaCluster.start(1)) {
 *   kafka.createTopic("emoji_reactions", 2, 1, Map.of());
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>Child processes are destroyed on {@link #close()} and, should the caller's JVM die, they
 * exit on their own. Data directories are deleted on close unless the caller gave one.
 *
 * <p>TODO(testkit): implementation to follow; these signatures are the contract.
 */
public final class KafkaCluster implements AutoCloseable {

  private KafkaCluster() {}

  /** Starts {@code nodes} nodes (1 or 3 typical) in temporary directories; returns once all accept requests. */
  public static KafkaCluster start(int nodes) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Comma-separated {@code 127.0.0.1:port} of the running nodes. */
  public String bootstrapServers() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Creates a topic and waits until it is usable. */
  public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
    throw new UnsupportedOperationException("TODO");
  }

  public int nodeCount() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Stops node {@code index} (0-based) with SIGKILL: no clean shutdown. */
  public void killNode(int index) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Stops node {@code index} cleanly (SIGTERM, waits for exit). */
  public void stopNode(int index) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Restarts a stopped or killed node on the same ports and data; returns once it accepts requests. */
  public void restartNode(int index) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("TODO");
  }
}
