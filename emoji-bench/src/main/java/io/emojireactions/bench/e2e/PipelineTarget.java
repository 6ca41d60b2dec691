package io.emojireactions.bench.e2e;

import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.apps.pipeline.RunningPipeline;
import io.emojireactions.bench.e2e.BatchRecorder.MicroBatch;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.spark.PipelineConfig.TriggerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * (a) This project's pipeline, the code path of {@code emoji pipeline}: {@link PipelineQueries#start}
 * (one query; its parse stage writes the DLQ) with trigger available-now, a fresh checkpoint,
 * shuffle partitions = local cores (the project's default). Timed from {@code start} until the
 * query has ended.
 */
final class PipelineTarget implements Target {

  @Override
  public String name() {
    return "pipeline";
  }

  @Override
  public OutputCheck.Format outputFormat() {
    return OutputCheck.Format.CONTRACT;
  }

  @Override
  public Pass run(BenchContext bench, String topic, long records, String label) throws Exception {
    PipelineConfig config = freshConfig(bench, topic, "pipeline", label);
    long start = System.nanoTime();
    RunningPipeline pipeline = PipelineQueries.start(bench.spark(), config);
    pipeline.awaitTermination();
    long wall = System.nanoTime() - start;
    return pass(bench, pipeline.main(), wall, config.outputTopic());
  }

  /**
   * A pipeline config for one pass over {@code topic}, available-now: fresh output and DLQ topics
   * and checkpoint named after {@code prefix} and {@code label}; shuffle partitions set to the
   * local cores.
   */
  static PipelineConfig freshConfig(BenchContext bench, String topic, String prefix, String label) {
    bench.spark().conf().set("spark.sql.shuffle.partitions", Integer.toString(bench.localCores()));
    return PipelineConfig.builder().bootstrapServers(bench.bootstrap())
        .inputTopic(topic)
        .outputTopic(bench.newTopic("bench-" + prefix + "-out-" + label))
        .dlqTopic(bench.newTopic("bench-" + prefix + "-dlq-" + label))
        .trigger(TriggerSpec.availableNow())
        .checkpointDir(bench.workDir().resolve(prefix + "-checkpoint-" + label).toString())
        .build();
  }

  /** A finished query's pass: its micro-batches from the listener, records read = their input rows. */
  static Pass pass(BenchContext bench, StreamingQuery query, long wallNanos, String outputTopic) {
    List<MicroBatch> batches = bench.batches().awaitBatches(query.id(), Duration.ofMinutes(2));
    long read = batches.stream().mapToLong(MicroBatch::numInputRows).sum();
    return new Pass(read, wallNanos, outputTopic, batches, Map.of());
  }
}
