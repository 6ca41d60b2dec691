package io.emojireactions.spark.internal;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.emojireactions.core.ScalingPolicy;
import org.apache.spark.sql.Column;

/** Turns a core {@link ScalingPolicy} (data: tiers + otherwise) into one when/otherwise Column. */
public final class ScalingColumns {

  private ScalingColumns() {}

  public static Column scaled(Column count, ScalingPolicy policy) {
    Column otherwise = rule(count, policy.otherwise());
    if (policy.tiers().isEmpty()) {
      return otherwise.cast("long");
    }
    Column chain = null;
    for (ScalingPolicy.Tier tier : policy.tiers()) {
      Column condition = count.leq(lit(tier.maxCount()));
      Column value = rule(count, tier.rule());
      chain = chain == null ? when(condition, value) : chain.when(condition, value);
    }
    return chain.otherwise(otherwise).cast("long");
  }

  private static Column rule(Column count, ScalingPolicy.Rule rule) {
    if (rule instanceof ScalingPolicy.Constant constant) {
      return lit(constant.value());
    }
    ScalingPolicy.Divide divide = (ScalingPolicy.Divide) rule;
    // Integral division (Spark's `div`), not `/`: a double would lose exactness above 2^53.
    Column quotient = divide.divisor() == 1 ? count : call_function("div", count, lit(divide.divisor()));
    return greatest(lit(divide.atLeast()), quotient);
  }
}
