package io.emojireactions.bench.e2e;

import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.spark.EmojiTransforms;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.spark.PipelineConfig.TriggerSpec;
import io.emojireactions.testkit.TopicIO;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The pipeline as it ran before the parse stage counted per partition: one query, rejected records
 * written to the DLQ by the parse stage, but one row per reaction from the parse stage on
 * ({@code EmojiTransforms.parse → validReactions → windowCounts}), so Spark's row conversion,
 * partial aggregation and shuffle see every reaction. Kept as a target so the effect of counting
 * in the parse stage is measured side by side with {@link PipelineTarget} in one run.
 */
final class PerReactionPipelineTarget implements Target {

  @Override
  public String name() {
    return "pipeline-per-reaction";
  }

  @Override
  public RunResult run(BenchContext bench, int run) throws Exception {
    var spark = bench.spark();
    spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(bench.localCores()));
    String out = bench.newTopic("bench-pr-out-" + run);
    String dlq = bench.newTopic("bench-pr-dlq-" + run);
    PipelineConfig config = PipelineConfig.builder(bench.bootstrap())
        .inputTopic(bench.inputTopic())
        .outputTopic(out)
        .dlqTopic(dlq)
        .trigger(TriggerSpec.availableNow())
        .checkpointDir(bench.workDir().resolve("per-reaction-checkpoint-" + run).toString())
        .build();

    long start = System.nanoTime();
    Dataset<Row> main = EmojiTransforms.parse(PipelineQueries.kafkaSource(spark, config), config.parser(), config.deadLetterSink())
        .transform(EmojiTransforms::validReactions)
        .transform(d -> EmojiTransforms.windowCounts(d, config.window(), config.lateness()))
        .transform(d -> EmojiTransforms.scale(d, config.scaling()))
        .transform(d -> EmojiTransforms.toOutputRecords(d, config.outputMode()));
    StreamingQuery query = main.writeStream().format("kafka")
        .option("kafka.bootstrap.servers", bench.bootstrap())
        .option("topic", out)
        .option("checkpointLocation", bench.workDir().resolve("per-reaction-main-" + run).toString())
        .trigger(Trigger.AvailableNow())
        .queryName("bench-per-reaction-" + run)
        .outputMode("update")
        .start();
    query.awaitTermination();
    long wall = System.nanoTime() - start;

    OutputCheck.Merger merger = new OutputCheck.Merger();
    for (String value : TopicIO.readValues(bench.bootstrap(), out, Duration.ofMinutes(2))) {
      merger.addContractJson(value);
    }
    return new RunResult(bench.records(), wall, merger.against(bench.truth()));
  }
}
