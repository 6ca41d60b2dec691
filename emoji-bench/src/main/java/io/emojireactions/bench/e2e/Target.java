package io.emojireactions.bench.e2e;

import io.emojireactions.bench.e2e.BatchRecorder.MicroBatch;
import java.util.List;
import java.util.Map;

/**
 * One contender of the end-to-end benchmark, run inside its own JVM ({@link TargetMain}): one
 * pass processes a whole topic from a fresh start (fresh checkpoint, consumer position, Streams
 * application id, output topic) and reports how long that took and where its output went; the
 * coordinator checks the output.
 */
interface Target {

  /** Every target, in the order of {@code --targets}' default. */
  List<String> ALL = List.of("pipeline", "pipeline-per-reaction", "seed-shape-200", "seed-shape-cores", "plain-consumer",
      "kafka-streams-expert", "kafka-streams-default-grace");

  /** The target whose median every other target's median is divided by in a report. */
  String BASELINE = "plain-consumer";

  /** Targets that drop records on a replayed backlog by design: reported, not failed on. */
  List<String> MAY_DROP = List.of("kafka-streams-default-grace");

  /** Short name used in the results ({@code pipeline}, {@code seed-shape-200}, …). */
  String name();

  /** What the target writes to its output topic, which decides what its output is checked on. */
  OutputCheck.Format outputFormat();

  /**
   * One pass over {@code topic}, which holds {@code records} records, from a fresh start; topics,
   * checkpoints and state are named after {@code label}.
   */
  Pass run(BenchContext bench, String topic, long records, String label) throws Exception;

  /**
   * One pass.
   *
   * @param recordsRead input records the target saw (for Spark: the sum of the batches' input rows)
   * @param wallNanos from the start of processing until the last record is reflected in the output
   * @param outputTopic where the output went
   * @param microBatches every micro-batch's progress (Spark targets; empty otherwise)
   * @param extra target-specific figures (e.g. Kafka Streams' dropped-records metric)
   */
  record Pass(long recordsRead, long wallNanos, String outputTopic, List<MicroBatch> microBatches, Map<String, Object> extra) {}

  /** The target called {@code name}. */
  static Target named(String name) {
    return switch (name) {
      case "pipeline" -> new PipelineTarget();
      case "pipeline-per-reaction" -> new PerReactionPipelineTarget();
      case "seed-shape-200" -> new SeedShapeTarget("seed-shape-200", false);
      case "seed-shape-cores" -> new SeedShapeTarget("seed-shape-cores", true);
      case "plain-consumer" -> new PlainConsumerTarget();
      case "kafka-streams-expert" -> KafkaStreamsTarget.expert();
      case "kafka-streams-default-grace" -> KafkaStreamsTarget.defaultGrace();
      default -> throw new IllegalArgumentException("unknown target '" + name + "', expected one of " + ALL);
    };
  }
}
