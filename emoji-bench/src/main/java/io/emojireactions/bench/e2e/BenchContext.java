package io.emojireactions.bench.e2e;

import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.spark.SparkSessions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;

/**
 * What a target's process works with: the broker, the partitioning of its topics, a work
 * directory for checkpoints and state, and one lazily created SparkSession (one per JVM).
 */
final class BenchContext {

  private final String bootstrap;
  private final int partitions;
  private final Path workDir;
  private SparkSession spark;
  private BatchRecorder batches;

  BenchContext(String bootstrap, int partitions, Path workDir) {
    this.bootstrap = bootstrap;
    this.partitions = partitions;
    this.workDir = workDir;
  }

  String bootstrap() {
    return bootstrap;
  }

  Path workDir() {
    return workDir;
  }

  /** Creates a fresh topic (same partitioning as the input, kept forever) and returns its name. */
  String newTopic(String name) {
    KafkaCluster.external(bootstrap).createTopic(name, partitions, 1, Map.of("retention.ms", "-1"));
    return name;
  }

  /**
   * The project's session (SparkSessions: local[*], 127.0.0.1, no UI, shuffle partitions = cores),
   * with a {@link BatchRecorder} listening to every query. Targets set
   * {@code spark.sql.shuffle.partitions} themselves before starting a query: it is a runtime
   * setting, fixed into a query's fresh checkpoint at its first batch.
   */
  synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSessions.getOrCreate("emoji-bench", Optional.of("local[*]"), OptionalInt.empty(), Map.of());
      batches = new BatchRecorder();
      spark.streams().addListener(batches);
    }
    return spark;
  }

  /** The progress of every query of {@link #spark()}'s session. */
  synchronized BatchRecorder batches() {
    spark();
    return batches;
  }

  int localCores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
