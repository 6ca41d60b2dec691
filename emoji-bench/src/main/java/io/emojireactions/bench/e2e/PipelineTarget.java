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
    var spark = bench.spark();
    spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(bench.localCores()));
    String out = bench.newTopic("bench-pipeline-out-" + run);
    String dlq = bench.newTopic("bench-pipeline-dlq-" + run);
    PipelineConfig config = PipelineConfig.builder(bench.bootstrap())
        .inputTopic(bench.inputTopic())
        .outputTopic(out)
        .dlqTopic(dlq)
        .trigger(TriggerSpec.availableNow())
        .checkpointDir(bench.workDir().resolve("pipeline-checkpoint-" + run).toString())
        .build();

    long start = System.nanoTime();
    RunningPipeline pipeline = PipelineQueries.start(spark, config);
    pipeline.awaitTermination();
    long wall = System.nanoTime() - start;

    OutputCheck.Merger merger = new OutputCheck.Merger();
    for (String value : TopicIO.readValues(bench.bootstrap(), out, Duration.ofMinutes(2))) {
      merger.addContractJson(value);
    }
    return new RunResult(bench.records(), wall, merger.against(bench.truth()));
  }
}
