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
 * The pipeline as it ran before the DLQ became a side output of the parse stage: two queries over
 * the same input, the main one (parse → aggregate → output, no DLQ) and a DLQ query that reads and
 * parses the whole input again (→ rejected → DLQ JSON). Kept as a target so the effect of reading
 * once is measured side by side with {@link PipelineTarget} in one run. Timed until both ended.
 */
final class TwoQueryPipelineTarget implements Target {

  @Override
  public String name() {
    return "pipeline-two-queries";
  }

  @Override
  public RunResult run(BenchContext bench, int run) throws Exception {
    var spark = bench.spark();
    spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(bench.localCores()));
    String out = bench.newTopic("bench-2q-out-" + run);
    String dlq = bench.newTopic("bench-2q-dlq-" + run);
    PipelineConfig config = PipelineConfig.builder(bench.bootstrap())
        .inputTopic(bench.inputTopic())
        .outputTopic(out)
        .dlqTopic(dlq)
        .trigger(TriggerSpec.availableNow())
        .checkpointDir(bench.workDir().resolve("two-query-checkpoint-" + run).toString())
        .build();

    long start = System.nanoTime();
    Dataset<Row> main = PipelineQueries.scaledCounts(PipelineQueries.parsed(PipelineQueries.kafkaSource(spark, config), config), config)
        .transform(d -> EmojiTransforms.toOutputRecords(d, config.outputMode()));
    StreamingQuery mainQuery = sink(main, bench, out, "main-" + run).outputMode("update").start();
    Dataset<Row> rejected = EmojiTransforms.parse(PipelineQueries.kafkaSource(spark, config), config.parser())
        .transform(EmojiTransforms::rejected)
        .transform(EmojiTransforms::toDlqRecords);
    StreamingQuery dlqQuery = sink(rejected, bench, dlq, "dlq-" + run).outputMode("append").start();
    mainQuery.awaitTermination();
    dlqQuery.awaitTermination();
    long wall = System.nanoTime() - start;

    OutputCheck.Merger merger = new OutputCheck.Merger();
    for (String value : TopicIO.readValues(bench.bootstrap(), out, Duration.ofMinutes(2))) {
      merger.addContractJson(value);
    }
    return new RunResult(bench.records(), wall, merger.against(bench.truth()));
  }

  private static org.apache.spark.sql.streaming.DataStreamWriter<Row> sink(Dataset<Row> rows, BenchContext bench,
      String topic, String checkpoint) {
    return rows.writeStream().format("kafka")
        .option("kafka.bootstrap.servers", bench.bootstrap())
        .option("topic", topic)
        .option("checkpointLocation", bench.workDir().resolve("two-query-" + checkpoint).toString())
        .trigger(Trigger.AvailableNow())
        .queryName("bench-two-query-" + checkpoint);
  }
}
