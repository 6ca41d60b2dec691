package io.emojireactions.bench.e2e;

import io.emojireactions.spark.SparkSessions;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.broker.KafkaCluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;

/**
 * What every target shares: the broker, the pre-loaded input topic, its ground truth, a work
 * directory for checkpoints and state, and one lazily created SparkSession (one per JVM).
 */
final class BenchContext {

  private final KafkaCluster kafka;
  private final String inputTopic;
  private final int inputPartitions;
  private final long records;
  private final GroundTruth truth;
  private final Path workDir;
  private SparkSession spark;

  BenchContext(KafkaCluster kafka, String inputTopic, int inputPartitions, long records, GroundTruth truth, Path workDir) {
    this.kafka = kafka;
    this.inputTopic = inputTopic;
    this.inputPartitions = inputPartitions;
    this.records = records;
    this.truth = truth;
    this.workDir = workDir;
  }

  String bootstrap() {
    return kafka.bootstrapServers();
  }

  String inputTopic() {
    return inputTopic;
  }

  long records() {
    return records;
  }

  GroundTruth truth() {
    return truth;
  }

  Path workDir() {
    return workDir;
  }

  /** Creates a fresh output topic for one run (same partitioning as the input, kept forever). */
  String newTopic(String name) {
    kafka.createTopic(name, inputPartitions, 1, Map.of("retention.ms", "-1"));
    return name;
  }

  /**
   * The project's session (SparkSessions: local[*], 127.0.0.1, no UI, shuffle partitions = cores).
   * Targets set {@code spark.sql.shuffle.partitions} themselves before starting a query: it is a
   * runtime setting, fixed into a query's fresh checkpoint at its first batch.
   */
  synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSessions.getOrCreate("emoji-bench", Optional.of("local[*]"), OptionalInt.empty(), Map.of());
    }
    return spark;
  }

  int localCores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
