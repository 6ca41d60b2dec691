package io.emojireactions.bench.e2e;

import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.apps.pipeline.RunningPipeline;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.spark.PipelineConfig.TriggerSpec;
import io.emojireactions.testkit.TopicIO;
import java.time.Duration;

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
  public RunResult run(BenchContext bench, int run) throws Exception {
    PipelineConfig config = freshConfig(bench, "pipeline", run);
    long start = System.nanoTime();
    RunningPipeline pipeline = PipelineQueries.start(bench.spark(), config);
    pipeline.awaitTermination();
    return result(bench, config, System.nanoTime() - start);
  }

  /**
   * A pipeline config for one run, available-now: fresh output and DLQ topics and checkpoint named
   * after {@code prefix} and {@code run}; shuffle partitions set to the local cores.
   */
  static PipelineConfig freshConfig(BenchContext bench, String prefix, int run) throws Exception {
    bench.spark().conf().set("spark.sql.shuffle.partitions", Integer.toString(bench.localCores()));
    return PipelineConfig.builder().bootstrapServers(bench.bootstrap())
        .inputTopic(bench.inputTopic())
        .outputTopic(bench.newTopic("bench-" + prefix + "-out-" + run))
        .dlqTopic(bench.newTopic("bench-" + prefix + "-dlq-" + run))
        .trigger(TriggerSpec.availableNow())
        .checkpointDir(bench.workDir().resolve(prefix + "-checkpoint-" + run).toString())
        .build();
  }

  /** The run's result: its output topic max-merged and checked against the ground truth. */
  static RunResult result(BenchContext bench, PipelineConfig config, long wallNanos) throws Exception {
    OutputCheck.Merger merger = new OutputCheck.Merger();
    for (String value : TopicIO.readValues(bench.bootstrap(), config.outputTopic(), Duration.ofMinutes(2))) {
      merger.addContractJson(value);
    }
    return new RunResult(bench.records(), wallNanos, merger.against(bench.truth()));
  }
}
