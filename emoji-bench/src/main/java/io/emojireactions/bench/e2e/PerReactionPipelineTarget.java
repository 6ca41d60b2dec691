package io.emojireactions.bench.e2e;

import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.spark.EmojiTransforms;
import io.emojireactions.spark.PipelineConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The pipeline as it ran before the parse stage counted per partition: one query, rejected records
 * written to the DLQ by the parse stage, but one row per reaction from the parse stage on
 * ({@code EmojiTransforms.parse → validReactions → windowCounts}), so Spark's row conversion,
 * partial aggregation and shuffle see every reaction. Kept as a target so the effect of counting
 * in the parse stage is measured side by side with {@link PipelineTarget}.
 */
final class PerReactionPipelineTarget implements Target {

  @Override
  public String name() {
    return "pipeline-per-reaction";
  }

  @Override
  public OutputCheck.Format outputFormat() {
    return OutputCheck.Format.CONTRACT;
  }

  @Override
  public Pass run(BenchContext bench, String topic, long records, String label) throws Exception {
    PipelineConfig config = PipelineTarget.freshConfig(bench, topic, "per-reaction", label);
    long start = System.nanoTime();
    Dataset<Row> main = EmojiTransforms.parse(PipelineQueries.kafkaSource(bench.spark(), config), config.parser(), config.deadLetterSink())
        .transform(EmojiTransforms::validReactions)
        .transform(d -> EmojiTransforms.windowCounts(d, config.window(), config.lateness()))
        .transform(d -> EmojiTransforms.scale(d, config.scaling()))
        .transform(d -> EmojiTransforms.toOutputRecords(d, config.outputMode()));
    StreamingQuery query = main.writeStream().format("kafka")
        .option("kafka.bootstrap.servers", bench.bootstrap())
        .option("topic", config.outputTopic())
        .option("checkpointLocation", config.checkpointDir())
        .trigger(Trigger.AvailableNow())
        .queryName("bench-per-reaction-" + label)
        .outputMode("update")
        .start();
    query.awaitTermination();
    long wall = System.nanoTime() - start;
    return PipelineTarget.pass(bench, query, wall, config.outputTopic());
  }
}
