package io.emojireactions.spark;

import io.emojireactions.testkit.TestSpark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.ScalingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ScalingColumnTest {

  /** 0..5000 densely, then powers of ten and values around 2^53 (where a double would be wrong). */
  private static List<Long> counts() {
    List<Long> out = new ArrayList<>(LongStream.rangeClosed(0, 5000).boxed().toList());
    for (long p = 10_000; p > 0 && p < Long.MAX_VALUE / 10; p *= 10) {
      out.add(p - 1);
      out.add(p);
      out.add(p + 1);
    }
    long big = 1L << 53;
    out.addAll(List.of(big - 1, big, big + 1, big + 999, Long.MAX_VALUE));
    return out;
  }

  private static void assertColumnEqualsApply(ScalingPolicy policy) {
    List<Long> counts = counts();
    Dataset<Row> scaled = TestSpark.session().createDataset(counts, Encoders.LONG()).toDF("reaction_count")
        .select(col("reaction_count"), EmojiTransforms.scaledColumn(col("reaction_count"), policy).as("scaled"));
    List<Row> rows = scaled.collectAsList();
    assertThat(rows).hasSize(counts.size());
    for (Row r : rows) {
      long n = r.getLong(0);
      assertThat(r.getLong(1)).as("%s of %d", policy, n).isEqualTo(policy.apply(n));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"seed", "per-1000", "identity", "ratio:500", "ratio:3", "tiers:50=1,1000=1,else=count",
      "tiers:10=0,100=/10,else=/100"})
  void everyPresetAsAColumnEqualsCoreApply(String spec) {
    assertColumnEqualsApply(ScalingPolicy.parse(spec));
  }

  @Test
  void explicitTierPoliciesAsAColumnEqualCoreApply() {
    assertColumnEqualsApply(ScalingPolicy.of("custom", List.of(
        new ScalingPolicy.Tier(0, new ScalingPolicy.Constant(0)),
        new ScalingPolicy.Tier(7, new ScalingPolicy.Divide(2, 1)),
        new ScalingPolicy.Tier(4000, new ScalingPolicy.Constant(9))), new ScalingPolicy.Divide(1000, 5)));
    assertColumnEqualsApply(ScalingPolicy.of("no-tiers", List.of(), new ScalingPolicy.Divide(1, 0)));
  }

  @Test
  void theColumnIsAnExpressionNotAUdf() {
    String plan = TestSpark.session().range(3).toDF("reaction_count")
        .select(EmojiTransforms.scaledColumn(col("reaction_count"), ScalingPolicy.of("t", List.of(
            new ScalingPolicy.Tier(1, new ScalingPolicy.Constant(1))), new ScalingPolicy.Divide(10, 1))))
        .queryExecution().optimizedPlan().toString();
    assertThat(plan).contains("CASE WHEN").doesNotContainIgnoringCase("udf");
  }
}
